"""The quality checks, on real prose: the seed chapter with good and bad translations.

The English comes from the sample chapter (The Historical and International Foundations of
the Socialist Equality Party (United States), "The Consequences of 'Socialism in One
Country'"), copied here so the tests stand alone; the German, French and Spanish translations
were written for these tests. No database.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text.checks import (
    CHECKS,
    ERROR,
    WARNING,
    CheckContext,
    GlossaryEntry,
    Problem,
    has_errors,
    run_checks,
)

NB = "\u00a0"  # no-break space, as French typography wants inside guillemets
NNB = "\u202f"  # narrow no-break space

# --------------------------------------------------------------------------------------------
# The seed chapter (English source) and correct translations

BYLINE = "Socialist Equality Party (United States)"
HEADING = "The Consequences of “Socialism in One Country”"
OPPOSITION = (
    "While Trotsky and the Left Opposition fought for the implementation of a correct economic "
    "policy within the Soviet Union, they insisted that the fate of the revolutionary regime "
    "depended on the extension of the revolution beyond the borders of the USSR. Without the "
    "victory of the working class in the advanced capitalist countries of Europe and North "
    "America, the Soviet state would not survive. It was on this very question that the "
    "conflict between the Left Opposition and the Stalinist bureaucracy centered. In 1924 "
    "Stalin, with the support of Bukharin, proposed that socialism could be built on a "
    "nationalist basis in the USSR."
)
DISASTERS = (
    "Even greater disasters followed. The Soviet bureaucracy attacked the Theory of Permanent "
    "Revolution and revived the Menshevik two-stage theory of revolution in countries with a "
    "belated capitalist development. In China in 1925-1927, Stalin directed the Communist Party "
    "to support the national bourgeois movement of the Kuomintang on the basis of the theory of "
    "the “Bloc of Four Classes” against imperialism."
)
AS_TROTSKY_WROTE = (
    "Trotsky vehemently opposed this class-collaborationist policy and warned of its devastating "
    "consequences for the socialist revolution in China. The fact that China was oppressed by "
    "imperialism did not lessen the conflict between the Chinese bourgeoisie and the working "
    "class. Indeed, the opposite was the case. As Trotsky wrote:"
)
QUOTE_NAIVETE = (
    "It would further be profound naiveté to believe that an abyss lies between the so-called "
    "comprador bourgeoisie, that is, the economic and political agency of foreign capital in "
    "China, and the so-called national bourgeoisie. No, these two sections stand incomparably "
    "closer to each other than the bourgeoisie and the masses of workers and peasants..."
)
FNREF = '<sup class="fnref">1</sup>'
QUOTE_FOOTNOTED = (
    "It is a gross mistake to think that imperialism mechanically welds together all the "
    "classes of China from without... The revolutionary struggle against imperialism does not "
    "weaken, but rather strengthens the political differentiation of the classes." + FNREF
)
WARNINGS_CONFIRMED = (
    "Trotsky’s warnings were confirmed. In April 1927 the military forces of the Kuomintang, "
    "under the leadership of Chiang Kai-shek, carried out a massacre of the Shanghai working "
    "class. A large section of the Chinese Communist Party leadership was murdered by the "
    "bourgeois nationalist forces. After April 1927, the Chinese Communist Party was ordered to "
    "enter the “left” Kuomintang led by Wang Ching-wei. The “left” Wang Ching-wei crushed the "
    "workers’ and peasants’ movement no less brutally than Chiang Kai-shek. Then, in August "
    "1927, after the nearly complete demoralization of the Communist Party, the leadership of "
    "the Comintern demanded an immediate transition to armed insurrection. An attempt to "
    "implement this policy in Canton was drowned in blood within just three days."
)
CATASTROPHIC = (
    "These catastrophic defeats, which were to have such a far-reaching impact on the history "
    "of the 20th century, effectively marked the end of the CCP as a mass party of the Chinese "
    "working class. Fleeing into the countryside to escape the consequences of the disaster "
    "produced by Stalin’s policies, the surviving remnants of the CCP leadership, including Mao "
    "Zedong, reestablished the Communist Party as a peasant-based organization. It is not "
    "possible to understand the subsequent history of China—including its present-day "
    "emergence as a bastion of the most rapacious forms of capitalist exploitation—except "
    "within the context of Trotsky’s critique of Stalin’s “Bloc of Four Classes” and the "
    "tragedy of 1927."
)
FOOTNOTE = (
    "“The Chinese Revolution and the Theses of Comrade Stalin,” in: <em>Leon Trotsky on "
    "China</em> (New York: Pathfinder, 1976), pp. 176-77."
)

GERMAN = {
    BYLINE: BYLINE,
    HEADING: "Die Folgen des „Sozialismus in einem Land“",
    OPPOSITION: (
        "Während Trotzki und die Linke Opposition für die Umsetzung einer korrekten "
        "Wirtschaftspolitik innerhalb der Sowjetunion kämpften, bestanden sie darauf, dass das "
        "Schicksal des revolutionären Regimes von der Ausweitung der Revolution über die "
        "Grenzen der UdSSR hinaus abhing. Ohne den Sieg der Arbeiterklasse in den "
        "fortgeschrittenen kapitalistischen Ländern Europas und Nordamerikas würde der "
        "Sowjetstaat nicht überleben. Genau um diese Frage drehte sich der Konflikt zwischen "
        "der Linken Opposition und der stalinistischen Bürokratie. 1924 schlug Stalin mit "
        "Unterstützung Bucharins vor, den Sozialismus auf nationaler Grundlage in der UdSSR "
        "aufzubauen."
    ),
    DISASTERS: (
        "Es folgten noch größere Katastrophen. Die Sowjetbürokratie griff die Theorie der "
        "permanenten Revolution an und belebte die menschewistische Zwei-Stufen-Theorie der "
        "Revolution in Ländern mit verspäteter kapitalistischer Entwicklung wieder. In China "
        "wies Stalin 1925–1927 die Kommunistische Partei an, die nationale bürgerliche Bewegung "
        "der Kuomintang auf der Grundlage der Theorie des „Blocks der vier Klassen“ gegen den "
        "Imperialismus zu unterstützen."
    ),
    AS_TROTSKY_WROTE: (
        "Trotzki lehnte diese Politik der Klassenzusammenarbeit entschieden ab und warnte vor "
        "ihren verheerenden Folgen für die sozialistische Revolution in China. Die Tatsache, "
        "dass China vom Imperialismus unterdrückt wurde, milderte den Konflikt zwischen der "
        "chinesischen Bourgeoisie und der Arbeiterklasse nicht. Vielmehr war das Gegenteil der "
        "Fall. Wie Trotzki schrieb:"
    ),
    QUOTE_NAIVETE: (
        "Es wäre ferner eine tiefe Naivität zu glauben, dass zwischen der sogenannten "
        "Kompradorenbourgeoisie, das heißt der wirtschaftlichen und politischen Agentur des "
        "ausländischen Kapitals in China, und der sogenannten nationalen Bourgeoisie ein "
        "Abgrund liegt. Nein, diese beiden Teile stehen einander unvergleichlich näher als die "
        "Bourgeoisie und die Massen der Arbeiter und Bauern …"
    ),
    QUOTE_FOOTNOTED: (
        "Es ist ein grober Fehler zu glauben, dass der Imperialismus alle Klassen Chinas von "
        "außen mechanisch zusammenschweißt … Der revolutionäre Kampf gegen den Imperialismus "
        "schwächt die politische Differenzierung der Klassen nicht, sondern verstärkt sie "
        "vielmehr." + FNREF
    ),
    WARNINGS_CONFIRMED: (
        "Trotzkis Warnungen bestätigten sich. Im April 1927 verübten die Streitkräfte der "
        "Kuomintang unter der Führung von Tschiang Kai-schek ein Massaker an der Arbeiterklasse "
        "Shanghais. Ein großer Teil der Führung der Kommunistischen Partei Chinas wurde von den "
        "bürgerlich-nationalistischen Kräften ermordet. Nach dem April 1927 erhielt die "
        "Kommunistische Partei Chinas die Anweisung, in die „linke“ Kuomintang unter Wang "
        "Jingwei einzutreten. Der „linke“ Wang Jingwei zerschlug die Arbeiter- und "
        "Bauernbewegung nicht weniger brutal als Tschiang Kai-schek. Im August 1927 schließlich, "
        "nach der fast vollständigen Demoralisierung der Kommunistischen Partei, forderte die "
        "Führung der Komintern den sofortigen Übergang zum bewaffneten Aufstand. Ein Versuch, "
        "diese Politik in Kanton umzusetzen, wurde innerhalb von nur drei Tagen im Blut "
        "ertränkt."
    ),
    CATASTROPHIC: (
        "Diese katastrophalen Niederlagen, die so weitreichende Auswirkungen auf die Geschichte "
        "des 20. Jahrhunderts haben sollten, bedeuteten faktisch das Ende der KPCh als "
        "Massenpartei der chinesischen Arbeiterklasse. Auf der Flucht aufs Land, um den Folgen "
        "des von Stalins Politik verursachten Desasters zu entgehen, bauten die überlebenden "
        "Reste der KPCh-Führung, darunter Mao Zedong, die Kommunistische Partei als bäuerlich "
        "gestützte Organisation wieder auf. Die spätere Geschichte Chinas – einschließlich "
        "ihres heutigen Aufstiegs zu einem Bollwerk der räuberischsten Formen kapitalistischer "
        "Ausbeutung – lässt sich nur im Zusammenhang mit Trotzkis Kritik an Stalins „Block der "
        "vier Klassen“ und der Tragödie von 1927 verstehen."
    ),
    FOOTNOTE: (
        "„Die chinesische Revolution und die Thesen des Genossen Stalin“, in: <em>Leon Trotsky "
        "on China</em> (New York: Pathfinder, 1976), S. 176–177."
    ),
}

FRENCH = {
    BYLINE: BYLINE,
    HEADING: f"Les conséquences du «{NB}socialisme dans un seul pays{NB}»",
    OPPOSITION: (
        "Tandis que Trotsky et l’Opposition de gauche luttaient pour la mise en œuvre d’une "
        "politique économique correcte en Union soviétique, ils insistaient sur le fait que le "
        "sort du régime révolutionnaire dépendait de l’extension de la révolution au-delà des "
        "frontières de l’URSS. Sans la victoire de la classe ouvrière dans les pays capitalistes "
        "avancés d’Europe et d’Amérique du Nord, l’État soviétique ne survivrait pas. C’est "
        "précisément sur cette question que se concentra le conflit entre l’Opposition de "
        "gauche et la bureaucratie stalinienne. En 1924, Staline, avec le soutien de "
        "Boukharine, proposa que le socialisme puisse être construit sur une base nationaliste "
        "en URSS."
    ),
    DISASTERS: (
        "Des désastres plus grands encore suivirent. La bureaucratie soviétique attaqua la "
        "théorie de la révolution permanente et ressuscita la théorie menchevique de la "
        "révolution en deux étapes dans les pays au développement capitaliste tardif. En Chine, "
        "de 1925 à 1927, Staline ordonna au Parti communiste de soutenir le mouvement bourgeois "
        "national du Kuomintang sur la base de la théorie du "
        f"«{NB}bloc des quatre classes{NB}» contre l’impérialisme."
    ),
    AS_TROTSKY_WROTE: (
        "Trotsky s’opposa avec véhémence à cette politique de collaboration de classes et mit "
        "en garde contre ses conséquences dévastatrices pour la révolution socialiste en Chine. "
        "Le fait que la Chine fût opprimée par l’impérialisme n’atténuait pas le conflit entre "
        "la bourgeoisie chinoise et la classe ouvrière. En réalité, c’était même le contraire. "
        f"Comme l’écrivait Trotsky{NB}:"
    ),
    QUOTE_NAIVETE: (
        "Ce serait en outre une profonde naïveté de croire qu’un abîme sépare la bourgeoisie "
        "dite compradore, c’est-à-dire l’agence économique et politique du capital étranger en "
        "Chine, de la bourgeoisie dite nationale. Non, ces deux fractions sont incomparablement "
        "plus proches l’une de l’autre que ne le sont la bourgeoisie et les masses ouvrières et "
        "paysannes…"
    ),
    QUOTE_FOOTNOTED: (
        "C’est une grossière erreur de penser que l’impérialisme soude mécaniquement de "
        "l’extérieur toutes les classes de la Chine… La lutte révolutionnaire contre "
        "l’impérialisme n’affaiblit pas, mais renforce au contraire la différenciation "
        "politique des classes." + FNREF
    ),
    WARNINGS_CONFIRMED: (
        "Les avertissements de Trotsky se confirmèrent. En avril 1927, les forces militaires du "
        "Kuomintang, sous la direction de Tchang Kaï-chek, perpétrèrent un massacre de la "
        "classe ouvrière de Shanghai. Une grande partie de la direction du Parti communiste "
        "chinois fut assassinée par les forces nationalistes bourgeoises. Après avril 1927, le "
        "Parti communiste chinois reçut l’ordre d’entrer dans le Kuomintang "
        f"«{NB}de gauche{NB}» dirigé par Wang Jingwei. Le Wang Jingwei «{NB}de gauche{NB}» "
        "écrasa le mouvement ouvrier et paysan avec non moins de brutalité que Tchang Kaï-chek. "
        "Puis, en août 1927, après la démoralisation presque complète du Parti communiste, la "
        "direction du Komintern exigea un passage immédiat à l’insurrection armée. Une "
        "tentative d’appliquer cette politique à Canton fut noyée dans le sang en trois jours "
        "à peine."
    ),
    CATASTROPHIC: (
        "Ces défaites catastrophiques, qui devaient avoir des répercussions si profondes sur "
        "l’histoire du XXe siècle, marquèrent de fait la fin du PCC en tant que parti de masse "
        "de la classe ouvrière chinoise. Fuyant vers les campagnes pour échapper aux "
        "conséquences du désastre provoqué par la politique de Staline, les survivants de la "
        "direction du PCC, dont Mao Zedong, reconstituèrent le Parti communiste en tant "
        "qu’organisation à base paysanne. Il est impossible de comprendre l’histoire ultérieure "
        "de la Chine — y compris son émergence actuelle comme bastion des formes les plus "
        "rapaces de l’exploitation capitaliste — autrement que dans le contexte de la critique "
        f"par Trotsky du «{NB}bloc des quatre classes{NB}» de Staline et de la tragédie de "
        "1927."
    ),
    FOOTNOTE: (
        f"«{NNB}La révolution chinoise et les thèses du camarade Staline{NNB}», dans "
        "<em>Leon Trotsky on China</em> (New York, Pathfinder, 1976), p. 176-177."
    ),
}

SPANISH = {
    BYLINE: BYLINE,
    HEADING: "Las consecuencias del «socialismo en un solo país»",
    OPPOSITION: (
        "Mientras Trotsky y la Oposición de Izquierda luchaban por la aplicación de una "
        "política económica correcta dentro de la Unión Soviética, insistían en que el destino "
        "del régimen revolucionario dependía de la extensión de la revolución más allá de las "
        "fronteras de la URSS. Sin la victoria de la clase obrera en los países capitalistas "
        "avanzados de Europa y América del Norte, el Estado soviético no sobreviviría. Fue "
        "precisamente en torno a esta cuestión que se centró el conflicto entre la Oposición de "
        "Izquierda y la burocracia estalinista. En 1924 Stalin, con el apoyo de Bujarin, "
        "propuso que el socialismo podía construirse sobre una base nacionalista en la URSS."
    ),
    DISASTERS: (
        "Siguieron desastres aún mayores. La burocracia soviética atacó la teoría de la "
        "revolución permanente y revivió la teoría menchevique de la revolución en dos etapas "
        "en los países con un desarrollo capitalista tardío. En China, en 1925-1927, Stalin "
        "ordenó al Partido Comunista apoyar al movimiento burgués nacional del Kuomintang sobre "
        "la base de la teoría del «bloque de las cuatro clases» contra el imperialismo."
    ),
    AS_TROTSKY_WROTE: (
        "Trotsky se opuso enérgicamente a esta política de colaboración de clases y advirtió "
        "de sus consecuencias devastadoras para la revolución socialista en China. El hecho de "
        "que China estuviera oprimida por el imperialismo no atenuaba el conflicto entre la "
        "burguesía china y la clase obrera. De hecho, ocurría lo contrario. Como escribió "
        "Trotsky:"
    ),
    QUOTE_NAIVETE: (
        "Sería, además, una profunda ingenuidad creer que un abismo separa a la llamada "
        "burguesía compradora, es decir, la agencia económica y política del capital "
        "extranjero en China, de la llamada burguesía nacional. No, estos dos sectores están "
        "incomparablemente más cerca el uno del otro que la burguesía y las masas de obreros y "
        "campesinos..."
    ),
    QUOTE_FOOTNOTED: (
        "Es un grave error pensar que el imperialismo suelda mecánicamente desde fuera a todas "
        "las clases de China... La lucha revolucionaria contra el imperialismo no debilita, "
        "sino que más bien fortalece la diferenciación política de las clases." + FNREF
    ),
    WARNINGS_CONFIRMED: (
        "Las advertencias de Trotsky se confirmaron. En abril de 1927, las fuerzas militares "
        "del Kuomintang, bajo la dirección de Chiang Kai-shek, perpetraron una masacre de la "
        "clase obrera de Shanghái. Una gran parte de la dirección del Partido Comunista Chino "
        "fue asesinada por las fuerzas nacionalistas burguesas. Después de abril de 1927, se "
        "ordenó al Partido Comunista Chino que ingresara en el Kuomintang «de izquierda» "
        "dirigido por Wang Ching-wei. El «izquierdista» Wang Ching-wei aplastó el movimiento "
        "obrero y campesino con no menos brutalidad que Chiang Kai-shek. Luego, en agosto de "
        "1927, tras la desmoralización casi completa del Partido Comunista, la dirección de la "
        "Comintern exigió una transición inmediata a la insurrección armada. Un intento de "
        "aplicar esta política en Cantón fue ahogado en sangre en apenas tres días."
    ),
    CATASTROPHIC: (
        "Estas derrotas catastróficas, que habrían de tener un impacto tan profundo en la "
        "historia del siglo XX, marcaron de hecho el fin del PCCh como partido de masas de la "
        "clase obrera china. Huyendo al campo para escapar de las consecuencias del desastre "
        "producido por la política de Stalin, los restos supervivientes de la dirección del "
        "PCCh, entre ellos Mao Zedong, reconstituyeron el Partido Comunista como una "
        "organización de base campesina. No es posible comprender la historia posterior de "
        "China —incluido su surgimiento actual como bastión de las formas más rapaces de "
        "explotación capitalista— salvo en el contexto de la crítica de Trotsky al «bloque de "
        "las cuatro clases» de Stalin y de la tragedia de 1927."
    ),
    FOOTNOTE: (
        "«La revolución china y las tesis del camarada Stalin», en: <em>Leon Trotsky on "
        "China</em> (Nueva York: Pathfinder, 1976), págs. 176-77."
    ),
}

GLOSSARY = {
    "de": (
        GlossaryEntry("Left Opposition", ["Linke Opposition"], ["Linksopposition"]),
        GlossaryEntry(
            "Theory of Permanent Revolution",
            ["Theorie der permanenten Revolution"],
            ["Theorie der ständigen Revolution"],
        ),
        GlossaryEntry("Bloc of Four Classes", ["Block der vier Klassen"]),
        GlossaryEntry("working class", ["Arbeiterklasse"], ["Werktätigenklasse"]),
    ),
    "fr": (
        GlossaryEntry("Left Opposition", ["Opposition de gauche"]),
        GlossaryEntry("Theory of Permanent Revolution", ["théorie de la révolution permanente"]),
        GlossaryEntry("Bloc of Four Classes", ["bloc des quatre classes"]),
        GlossaryEntry("working class", ["classe ouvrière"], ["classe laborieuse"]),
    ),
    "es": (
        GlossaryEntry("Left Opposition", ["Oposición de Izquierda"]),
        GlossaryEntry("Theory of Permanent Revolution", ["teoría de la revolución permanente"]),
        GlossaryEntry("Bloc of Four Classes", ["bloque de las cuatro clases"]),
        GlossaryEntry("working class", ["clase obrera"], ["clase trabajadora"]),
    ),
}

TRANSLATIONS = {"de": GERMAN, "fr": FRENCH, "es": SPANISH}


def ctx(target: str = "de", source: str = "en", **kwargs: object) -> CheckContext:
    return CheckContext(source, target, **kwargs)  # type: ignore[arg-type]


def ids(problems: list[Problem]) -> list[str]:
    return [problem.check_id for problem in problems]


def check(check_id: str, source: str, translation: str, target: str = "de", **kw: object):
    return run_checks(source, translation, ctx(target, **kw), only=[check_id])


# --------------------------------------------------------------------------------------------
# The whole seed set, correctly translated: no error, and in fact no problem at all


@pytest.mark.parametrize("lang", sorted(TRANSLATIONS))
def test_correct_translations_of_the_seed_chapter_raise_nothing(lang: str) -> None:
    context = ctx(lang, glossary=GLOSSARY[lang])
    for source, translation in TRANSLATIONS[lang].items():
        problems = run_checks(source, translation, context)
        assert not has_errors(problems), (source[:40], problems)
        assert problems == [], (source[:40], problems)


def test_the_seed_set_covers_the_footnoted_quotation_and_the_citation() -> None:
    for translations in TRANSLATIONS.values():
        assert QUOTE_FOOTNOTED in translations and FOOTNOTE in translations
        assert len(translations) >= 4


# --------------------------------------------------------------------------------------------
# Registry


EXPECTED_SEVERITIES = {
    "footnote-refs": ERROR,
    "markup": ERROR,
    "urls": ERROR,
    "merge-conflict": ERROR,
    "numbers": ERROR,
    "forbidden-term": ERROR,
    "ending-punctuation": WARNING,
    "quotes-balanced": WARNING,
    "quote-style": WARNING,
    "double-space": WARNING,
    "whitespace": WARNING,
    "untranslated": WARNING,
    "length-ratio": WARNING,
    "glossary-term": WARNING,
    "inconsistent": WARNING,
    "machine-unedited": WARNING,
}


def test_registry_has_every_check_with_its_severity_name_and_help() -> None:
    assert {check_id: c.severity for check_id, c in CHECKS.items()} == EXPECTED_SEVERITIES
    for check_id, registered in CHECKS.items():
        assert registered.id == check_id
        assert registered.name and registered.help.endswith(".")


def test_unknown_check_ids_are_refused() -> None:
    with pytest.raises(KeyError):
        run_checks("a", "b", ctx(), only=["no-such-check"])
    with pytest.raises(KeyError):
        run_checks("a", "b", ctx(), skip=["nummbers"])


def test_only_and_skip_select_checks() -> None:
    bad = "Trotzki  lehnte 1925 ab"
    assert set(ids(run_checks("Trotsky refused.", bad, ctx()))) >= {"numbers", "double-space"}
    assert ids(run_checks("Trotsky refused.", bad, ctx(), only=["numbers"])) == ["numbers"]
    assert "numbers" not in ids(run_checks("Trotsky refused.", bad, ctx(), skip=["numbers"]))


def test_empty_translation_is_not_checked() -> None:
    assert run_checks(QUOTE_FOOTNOTED, "  ", ctx()) == []


def test_problem_carries_a_translatable_template_and_its_parameters() -> None:
    [problem] = check("footnote-refs", QUOTE_FOOTNOTED, "Es ist ein grober Fehler.")
    assert problem.message == "Footnote reference [1] is missing in the translation"
    assert problem.template == "Footnote reference [%(label)s] is missing in the translation"
    assert problem.template % problem.details == problem.message
    assert problem.severity == ERROR and has_errors([problem])


# --------------------------------------------------------------------------------------------
# footnote-refs

GERMAN_FOOTNOTED = GERMAN[QUOTE_FOOTNOTED].removesuffix(FNREF)


def test_footnote_reference_missing() -> None:
    problems = check("footnote-refs", QUOTE_FOOTNOTED, GERMAN_FOOTNOTED)
    assert [p.message for p in problems] == ["Footnote reference [1] is missing in the translation"]


def test_footnote_reference_typed_as_text() -> None:
    problems = check("footnote-refs", QUOTE_FOOTNOTED, GERMAN_FOOTNOTED + "[1]")
    assert [p.message for p in problems] == [
        "Footnote reference [1] is plain text in the translation, not a footnote reference"
    ]


def test_footnote_reference_renumbered_or_doubled() -> None:
    renumbered = GERMAN_FOOTNOTED + '<sup class="fnref">2</sup>'
    assert [p.message for p in check("footnote-refs", QUOTE_FOOTNOTED, renumbered)] == [
        "Footnote reference [1] is missing in the translation",
        "Footnote reference [2] is not in the source",
    ]
    doubled = FNREF + GERMAN_FOOTNOTED + FNREF
    assert [p.message for p in check("footnote-refs", QUOTE_FOOTNOTED, doubled)] == [
        "Footnote reference [1]: 1 in the source, 2 in the translation"
    ]


def test_footnote_reference_moved_within_the_sentence_is_fine() -> None:
    moved = GERMAN_FOOTNOTED.removesuffix(".") + FNREF + "."
    assert check("footnote-refs", QUOTE_FOOTNOTED, moved) == []
    linked = GERMAN_FOOTNOTED + '<sup class="fnref"><a href="#fn1">1</a></sup>'
    assert run_checks(QUOTE_FOOTNOTED, linked, ctx(), only=["footnote-refs", "markup"]) == []


# --------------------------------------------------------------------------------------------
# markup

GERMAN_FOOTNOTE = GERMAN[FOOTNOTE]


def test_markup_lost_or_unbalanced() -> None:
    lost = GERMAN_FOOTNOTE.replace("<em>", "").replace("</em>", "")
    assert [p.message for p in check("markup", FOOTNOTE, lost)] == [
        "Tag <em> is missing in the translation"
    ]
    unclosed = GERMAN_FOOTNOTE.replace("</em>", "")
    assert [p.message for p in check("markup", FOOTNOTE, unclosed)] == [
        "Tag <em> is not closed in the translation"
    ]
    stray = GERMAN_FOOTNOTE + "</strong>"
    assert [p.message for p in check("markup", FOOTNOTE, stray)] == [
        "Closing tag </strong> has no opening tag in the translation"
    ]


def test_markup_misnested_and_added() -> None:
    source = "The <strong>workers’ <em>and</em> peasants’</strong> movement."
    misnested = "Die <strong>Arbeiter- <em>und</strong> Bauern</em>bewegung."
    messages = [p.message for p in check("markup", source, misnested)]
    assert "Tag <em> is closed out of order in the translation" in messages
    added = "Die <strong>Arbeiter- <em>und</em> Bauern</strong><code>bewegung</code>."
    assert [p.message for p in check("markup", source, added)] == [
        "Tag <code> is not in the source"
    ]
    reordered = "Die <strong>Arbeiter- <em>und</em> Bauern</strong>bewegung."
    assert check("markup", source, reordered) == []


def test_link_target_must_be_kept() -> None:
    source = 'See <a href="https://www.marxists.org/archive/trotsky/china/">Trotsky on China</a>.'
    good = 'Siehe <a href="https://www.marxists.org/archive/trotsky/china/">Trotzki über China</a>.'
    bad = 'Siehe <a href="https://example.com/china/">Trotzki über China</a>.'
    assert check("markup", source, good) == []
    assert [p.message for p in check("markup", source, bad)] == [
        "Link to https://www.marxists.org/archive/trotsky/china/ is missing in the translation",
        "Link to https://example.com/china/ is not in the source",
    ]


def test_line_breaks_and_entities_are_not_markup_differences() -> None:
    source = "Workers of the world,<br>unite!"
    assert check("markup", source, "Proletarier aller Länder, vereinigt euch!") == []
    assert check("markup", "Marx &amp; Engels", "Marx &amp; Engels") == []


# --------------------------------------------------------------------------------------------
# numbers


def test_year_changed_is_an_error() -> None:
    bad = GERMAN[DISASTERS].replace("1925–1927", "1925–1929")
    problems = check("numbers", DISASTERS, bad)
    assert [(p.message, p.severity) for p in problems] == [
        ("Number 1927 is missing in the translation", ERROR),
        ("Number 1929 is not in the source", ERROR),
    ]


def test_year_dropped_when_it_occurs_several_times() -> None:
    bad = GERMAN[WARNINGS_CONFIRMED].replace("Im August 1927", "Im August")
    assert [p.message for p in check("numbers", WARNINGS_CONFIRMED, bad)] == [
        "Number 1927: 3 in the source, 2 in the translation"
    ]


def test_page_range_abbreviated_or_not() -> None:
    for good in ("S. 176–177.", "pp. 176-177.", "p. 176 – 177.", "págs. 176-77."):
        assert check("numbers", FOOTNOTE, FOOTNOTE.replace("pp. 176-77.", good)) == [], good
    bad = FOOTNOTE.replace("pp. 176-77.", "S. 167–177.")
    assert [p.message for p in check("numbers", FOOTNOTE, bad)] == [
        "Number 176 is missing in the translation",
        "Number 167 is not in the source",
    ]


@pytest.mark.parametrize(
    ("source", "translation", "lang"),
    [
        ("Some 1,000 delegates", "Etwa 1.000 Delegierte", "de"),
        ("Some 1,000 delegates", f"Quelque 1{NNB}000 délégués", "fr"),
        ("Some 1,000 delegates", f"Etwa 1{NB}000 Delegierte", "de"),
        ("Some 1,000 delegates", "Unos 1 000 delegados", "es"),
        ("Some 1000 delegates", "Quelque 1 000 délégués", "fr"),
        ("A rise of 2.5 per cent", "Ein Anstieg um 2,5 Prozent", "de"),
        ("12,345.67 rubles", "12.345,67 Rubel", "de"),
        ("12,345.67 rubles", f"12{NNB}345,67 roubles", "fr"),
        ("1,000,000 members", "1'000'000 Mitglieder", "de"),
        ("the 20th century", "le XXe siècle", "fr"),
        ("the 20th century", "el siglo XX", "es"),
        ("the 20th century", "das 20. Jahrhundert", "de"),
        ("in 1925-27", "en 1925-1927", "es"),
        ("at 10:30", "um 10.30 Uhr", "de"),
        ("in 1927", "١٩٢٧ في", "ar"),
        ("in 1927", "１９２７年に", "ja"),
        ("In 1924 100 delegates met", "1924 trafen sich 100 Delegierte", "de"),
    ],
)
def test_numbers_in_local_formats_are_the_same(source: str, translation: str, lang: str) -> None:
    assert check("numbers", source, translation, lang) == []


def test_thousands_are_not_decimals() -> None:
    problems = check("numbers", "Some 1,000 delegates", "Etwa 10.000 Delegierte")
    assert [(p.message, p.severity) for p in problems] == [
        ("Number 1,000 is missing in the translation", ERROR),
        ("Number 10.000 is not in the source", ERROR),
    ]


def test_small_numbers_written_in_words_are_only_a_warning() -> None:
    source = "An attempt in Canton was drowned in blood within just 3 days."
    words = "Ein Versuch in Kanton wurde innerhalb von nur drei Tagen im Blut ertränkt."
    [problem] = check("numbers", source, words)
    assert problem.severity == WARNING
    assert problem.message == (
        "Number 3 is missing in the translation (fine if it is written in words)"
    )
    # The other way round: the source spells the number out, the translation uses digits.
    digits = GERMAN[WARNINGS_CONFIRMED].replace("drei Tagen", "3 Tagen")
    problems = check("numbers", WARNINGS_CONFIRMED, digits)
    assert [(p.message, p.severity) for p in problems] == [
        ("Number 3 is not in the source", WARNING)
    ]
    # A year or any larger figure is never written in words in a translation: an error.
    assert has_errors(check("numbers", "in 1927", "im Jahr neunzehnhundertsiebenundzwanzig"))
    assert has_errors(check("numbers", "some 250 delegates", "etwa zweihundertfünfzig Delegierte"))


def test_footnote_labels_and_urls_are_not_numbers() -> None:
    source = "See https://wsws.org/1927/04 for 1927." + FNREF
    translation = "Siehe https://wsws.org/1927/04 für 1927." + FNREF
    assert check("numbers", source, translation) == []


# --------------------------------------------------------------------------------------------
# urls

URL_SOURCE = "The full text is at https://www.wsws.org/en/special/library/foundations-us/10.html."


def test_url_kept_changed_or_added() -> None:
    good = "Der vollständige Text steht unter https://www.wsws.org/en/special/library/foundations-us/10.html."
    assert check("urls", URL_SOURCE, good) == []
    changed = good.replace("/en/", "/de/")
    assert [p.message for p in check("urls", URL_SOURCE, changed)] == [
        "URL https://www.wsws.org/en/special/library/foundations-us/10.html is missing in the "
        "translation",
        "URL https://www.wsws.org/de/special/library/foundations-us/10.html is not in the source",
    ]
    added = GERMAN[OPPOSITION] + " Mehr unter https://spam.example."
    assert [p.message for p in check("urls", OPPOSITION, added)] == [
        "URL https://spam.example is not in the source"
    ]


def test_url_host_case_and_sentence_punctuation_do_not_matter() -> None:
    source = "Read it (at www.marxists.org/archive/trotsky/)."
    assert check("urls", source, "Lesen Sie es (unter WWW.Marxists.org/archive/trotsky/).") == []


# --------------------------------------------------------------------------------------------
# ending-punctuation


def test_ending_punctuation_missing_or_different() -> None:
    no_colon = GERMAN[AS_TROTSKY_WROTE].removesuffix(":")
    assert [p.message for p in check("ending-punctuation", AS_TROTSKY_WROTE, no_colon)] == [
        "The source ends with “:” but the translation does not (expected “:”)"
    ]
    period = GERMAN[QUOTE_NAIVETE].removesuffix(" …") + "."
    assert [p.message for p in check("ending-punctuation", QUOTE_NAIVETE, period)] == [
        "The source ends with “...” but the translation does not (expected “…”)"
    ]
    assert ids(check("ending-punctuation", HEADING, GERMAN[HEADING] + ".")) == [
        "ending-punctuation"
    ]


def test_ending_punctuation_through_quotes_and_footnotes() -> None:
    # English puts the full stop inside the quotes, German outside; the footnote reference
    # comes after the full stop.
    source = "Stalin spoke of the “Bloc of Four Classes.”" + FNREF
    german = "Stalin sprach vom „Block der vier Klassen“." + FNREF
    assert check("ending-punctuation", source, german) == []


@pytest.mark.parametrize(
    ("translation", "lang", "ok"),
    [
        ("¿Qué hacer?", "es", True),
        ("Qué hacer?", "es", False),
        ("¡Abajo la burocracia!", "es", True),
        ("Abajo la burocracia!", "es", False),
        ("Τι να κάνουμε;", "el", True),
        ("Τι να κάνουμε?", "el", False),
        ("ما العمل؟", "ar", True),
        ("怎么办？", "zh-Hans", True),
        ("どうすればよいか？", "ja", True),
        ("Что делать?", "ru", True),
        ("Was tun.", "de", False),
    ],
)
def test_question_marks_by_language(translation: str, lang: str, ok: bool) -> None:
    source = "¡Abajo la burocracia!" if "burocracia" in translation else "What is to be done?"
    problems = check("ending-punctuation", source, translation, lang)
    assert (problems == []) is ok, problems


def test_cjk_full_stop_expected() -> None:
    source = "Trotsky’s warnings were confirmed."
    assert check("ending-punctuation", source, "托洛茨基的警告得到了证实。", "zh-Hans") == []
    [problem] = check("ending-punctuation", source, "托洛茨基的警告得到了证实.", "zh-Hans")
    assert problem.message == "The translation should end with “。”, not “.”"
    assert check("ending-punctuation", source, "トロツキーの警告は裏付けられた。", "ja") == []


# --------------------------------------------------------------------------------------------
# quotes-balanced and quote-style


def test_unbalanced_quotes() -> None:
    unclosed = "Die Folgen des „Sozialismus in einem Land"
    assert [p.message for p in check("quotes-balanced", HEADING, unclosed)] == [
        "Quotation marks “…” are unbalanced in the translation: 1 × „"
    ]
    french = f"Les conséquences du «{NB}socialisme dans un seul pays"
    assert ids(check("quotes-balanced", HEADING, french, "fr")) == ["quotes-balanced"]
    japanese = "「一国社会主義」の帰結"
    assert check("quotes-balanced", HEADING, japanese, "ja") == []
    assert ids(check("quotes-balanced", HEADING, "「一国社会主義の帰結", "ja")) == [
        "quotes-balanced"
    ]


def test_quotation_running_over_paragraphs_is_not_unbalanced() -> None:
    # A quotation spanning paragraphs opens in each and closes only in the last one.
    source = "“The powerful role of foreign capital in the life of China has caused"
    assert check("quotes-balanced", source, "„Die mächtige Rolle des ausländischen Kapitals") == []
    swedish = "Konsekvenserna av ”socialism i ett land” och »permanent revolution»"
    assert check("quotes-balanced", HEADING, swedish, "sv") == []


def test_quote_style_of_the_target_language() -> None:
    english_style = "Die Folgen des “Sozialismus in einem Land”"
    assert [p.message for p in check("quote-style", HEADING, english_style)] == [
        "Quotation mark ” is not used in this language; use „…“ or »…«"
    ]
    assert check("quote-style", HEADING, "Die Folgen des »Sozialismus in einem Land«") == []
    assert check("quote-style", HEADING, "Die Folgen des «Sozialismus»", "de-CH") == []
    german_in_spanish = "Las consecuencias del „socialismo en un solo país“"
    assert ids(check("quote-style", HEADING, german_in_spanish, "es")) == ["quote-style"]
    assert check("quote-style", HEADING, "Las consecuencias del “socialismo”", "es") == []
    assert check("quote-style", HEADING, "Последствия «социализма в одной стране»", "ru") == []
    assert ids(check("quote-style", HEADING, "«一国社会主義»の帰結", "ja")) == ["quote-style"]
    assert check("quote-style", HEADING, "Skutki „socjalizmu w jednym kraju”", "pl") == []


def test_french_guillemets_need_inner_spaces() -> None:
    tight = "Les conséquences du «socialisme dans un seul pays»"
    assert [p.message for p in check("quote-style", HEADING, tight, "fr")] == [
        "French guillemets need a no-break space inside: « … », not «…»"
    ]
    assert check("quote-style", HEADING, tight, "fr-CH") == []
    narrow = f"Les conséquences du «{NNB}socialisme dans un seul pays{NNB}»"
    assert check("quote-style", HEADING, narrow, "fr") == []


def test_straight_quotes_only_flagged_against_typographic_source() -> None:
    straight = 'Die Folgen des "Sozialismus in einem Land"'
    assert [p.message for p in check("quote-style", HEADING, straight)] == [
        'Straight quotes "…" in the translation; use „…“ or »…«'
    ]
    source = 'Type "python" at the prompt.'
    assert check("quote-style", source, 'Geben Sie "python" ein.') == []
    code = 'Call <code>print("hello")</code> here.'
    assert check("quote-style", HEADING + code, "Die Folgen. Rufen Sie " + code) == []


# --------------------------------------------------------------------------------------------
# double-space and whitespace


def test_double_space() -> None:
    doubled = GERMAN[AS_TROTSKY_WROTE].replace("Trotzki lehnte", "Trotzki  lehnte")
    assert [p.message for p in check("double-space", AS_TROTSKY_WROTE, doubled)] == [
        "The translation has a double space (1 in all)"
    ]
    space_and_nbsp = FRENCH[AS_TROTSKY_WROTE].replace(f"Trotsky{NB}:", f"Trotsky {NB}:")
    assert ids(check("double-space", AS_TROTSKY_WROTE, space_and_nbsp, "fr")) == ["double-space"]
    assert check("double-space", "Ends.  Starts again.", "Endet.  Beginnt wieder.") == []


def test_leading_and_trailing_whitespace() -> None:
    assert [p.message for p in check("whitespace", HEADING, GERMAN[HEADING] + " ")] == [
        "The translation ends with whitespace but the source does not"
    ]
    assert [p.message for p in check("whitespace", " " + HEADING, GERMAN[HEADING])] == [
        "The source starts with whitespace but the translation does not"
    ]
    assert ids(check("whitespace", HEADING + "\n", GERMAN[HEADING] + " ")) == ["whitespace"]
    assert check("whitespace", HEADING + "\n", GERMAN[HEADING] + "\n") == []


# --------------------------------------------------------------------------------------------
# untranslated


def test_untranslated_paragraph() -> None:
    assert [p.message for p in check("untranslated", AS_TROTSKY_WROTE, AS_TROTSKY_WROTE)] == [
        "The translation is the same as the source"
    ]
    spaced = AS_TROTSKY_WROTE.replace(" ", "  ").upper()
    assert ids(check("untranslated", AS_TROTSKY_WROTE, spaced)) == ["untranslated"]


@pytest.mark.parametrize(
    "text",
    [BYLINE, "Leon Trotsky", "Chiang Kai-shek", "1925-1927", "Introduction", "pp. 176-77", "TUC"],
)
def test_names_numbers_and_short_texts_may_stay_the_same(text: str) -> None:
    assert check("untranslated", text, text) == []


def test_same_language_variant_may_stay_the_same() -> None:
    assert check("untranslated", AS_TROTSKY_WROTE, AS_TROTSKY_WROTE, "en-GB") == []


# --------------------------------------------------------------------------------------------
# length-ratio


def test_half_a_paragraph_is_suspiciously_short() -> None:
    truncated = GERMAN[WARNINGS_CONFIRMED].split(". Ein großer Teil")[0] + "."
    [problem] = check("length-ratio", WARNINGS_CONFIRMED, truncated)
    assert problem.message.startswith("The translation is much shorter than expected:")
    doubled = GERMAN[OPPOSITION] + " " + GERMAN[OPPOSITION] + " " + GERMAN[OPPOSITION]
    [problem] = check("length-ratio", OPPOSITION, doubled)
    assert problem.message.startswith("The translation is much longer than expected:")


def test_cjk_translations_are_expected_to_be_short() -> None:
    chinese = (
        "托洛茨基坚决反对这种阶级合作政策，并警告它将给中国社会主义革命带来毁灭性的后果。"
        "中国受帝国主义压迫这一事实，并没有缓和中国资产阶级与工人阶级之间的冲突。"
        "事实恰恰相反。正如托洛茨基所写："
    )
    assert check("length-ratio", AS_TROTSKY_WROTE, chinese, "zh-Hans") == []
    # The same characters would be far too short for a German translation.
    assert ids(check("length-ratio", AS_TROTSKY_WROTE, chinese, "de")) == ["length-ratio"]


def test_short_texts_and_unknown_languages_are_not_judged() -> None:
    assert check("length-ratio", HEADING, "Folgen") == []
    assert check("length-ratio", WARNINGS_CONFIRMED, "Kurz.", "tlh") == []


# --------------------------------------------------------------------------------------------
# glossary-term and forbidden-term


def test_glossary_term_not_used() -> None:
    other_words = GERMAN[OPPOSITION].replace("Linke Opposition", "Opposition der Linken")
    other_words = other_words.replace("Linken Opposition", "Opposition der Linken")
    problems = check("glossary-term", OPPOSITION, other_words, glossary=GLOSSARY["de"])
    assert [p.message for p in problems] == [
        "Glossary term “Left Opposition” is not translated as “Linke Opposition”"
    ]


def test_glossary_inflection_and_case() -> None:
    entry = (GlossaryEntry("working class", ["clase obrera"]),)
    plural = "Las clases obreras de Europa y América del Norte."
    assert (
        check("glossary-term", "The working classes of Europe.", plural, "es", glossary=entry) == []
    )
    entry = (GlossaryEntry("Left Opposition", ["Левая оппозиция"]),)
    russian = "Конфликт между Левой оппозицией и бюрократией."
    assert check("glossary-term", OPPOSITION, russian, "ru", glossary=entry) == []
    entry = (GlossaryEntry("Bloc of Four Classes", ["四个阶级联盟"]),)
    chinese = "斯大林的“四个阶级联盟”理论。"
    assert check("glossary-term", DISASTERS, chinese, "zh-Hans", glossary=entry) == []
    assert ids(check("glossary-term", DISASTERS, "斯大林的理论。", "zh", glossary=entry)) == [
        "glossary-term"
    ]


def test_glossary_term_absent_from_source_asks_nothing() -> None:
    assert check("glossary-term", HEADING, GERMAN[HEADING], glossary=GLOSSARY["de"]) == []


def test_forbidden_term_used() -> None:
    bad = GERMAN[OPPOSITION].replace("die Linke Opposition", "die Linksopposition")
    problems = run_checks(
        OPPOSITION,
        bad,
        ctx(glossary=GLOSSARY["de"]),
        only=["forbidden-term", "glossary-term"],
    )
    assert [(p.check_id, p.severity, p.message) for p in problems] == [
        (
            "forbidden-term",
            ERROR,
            "Forbidden term “Linksopposition” for “Left Opposition”; use “Linke Opposition”",
        )
    ]
    spanish = SPANISH[OPPOSITION].replace("clase obrera", "clase trabajadora")
    problems = check("forbidden-term", OPPOSITION, spanish, "es", glossary=GLOSSARY["es"])
    assert [p.message for p in problems] == [
        "Forbidden term “clase trabajadora” for “working class”; use “clase obrera”"
    ]


def test_forbidden_term_inside_the_approved_term_or_for_another_source_is_fine() -> None:
    entry = (
        GlossaryEntry(
            "Theory of Permanent Revolution",
            ["Theorie der permanenten Revolution"],
            ["permanente Revolution"],
        ),
    )
    assert check("forbidden-term", DISASTERS, GERMAN[DISASTERS], glossary=entry) == []
    # The source does not speak of the Left Opposition: "Linksopposition" may be right here.
    source = "The left-wing opposition in the Labour Party."
    translation = "Die Linksopposition in der Labour Party."
    assert check("forbidden-term", source, translation, glossary=GLOSSARY["de"]) == []


# --------------------------------------------------------------------------------------------
# inconsistent


def test_inconsistent_with_other_translations_of_the_same_source() -> None:
    other = "Wie Trotzki geschrieben hat:"
    source, mine = "As Trotsky wrote:", "Wie Trotzki schrieb:"
    problems = check("inconsistent", source, mine, other_translations=[other, mine])
    assert [p.message for p in problems] == [
        "Elsewhere in the document the same source is translated as “Wie Trotzki geschrieben hat:”"
    ]
    assert problems[0].details["variants"] == [other]


def test_consistent_up_to_markup_case_and_spacing() -> None:
    others = ["Wie <em>Trotzki</em>  schrieb:", "wie Trotzki schrieb:", ""]
    assert (
        check(
            "inconsistent", "As Trotsky wrote:", "Wie Trotzki schrieb:", other_translations=others
        )
        == []
    )


# --------------------------------------------------------------------------------------------
# Properties

LANGS = ["en", "de", "fr", "fr-CH", "es", "el", "ar", "ja", "zh-Hant", "pl", "sv", "th", "x", ""]
MARKUP_PIECES = st.sampled_from(
    [
        "<em>",
        "</em>",
        "<strong>",
        "</strong>",
        '<a href="https://x.org/1">',
        "</a>",
        "<code>",
        "</code>",
        "<br>",
        "<br/>",
        FNREF,
        '<sup class="fnref">',
        "</sup>",
        "<",
        ">",
        "&amp;",
        "&",
        "&#0;",
        "<!--",
        "-->",
        "<![CDATA[",
        "<!",
        "<?",
        "“",
        "”",
        "„",
        "«",
        "»",
        "「",
        "」",
        "¿",
        "?",
        ";",
        "…",
        "...",
        "1,000",
        "1.5",
        "176-77",
        "1925–1927",
        "XX",
        "  ",
        "\u00a0",
        "\u202f",
        "١٩٢٧",
        "https://wsws.org/",
        "Left Opposition",
        " ",
        ".",
        "\n",
    ]  # fmt: skip
)
MARKUPISH = st.lists(st.one_of(MARKUP_PIECES, st.text(max_size=8)), max_size=25).map("".join)
GLOSSARY_ENTRIES = st.lists(
    st.builds(
        GlossaryEntry,
        st.text(max_size=12),
        st.lists(st.text(max_size=12), max_size=2),
        st.lists(st.text(max_size=12), max_size=2),
    ),
    max_size=2,
)


@settings(max_examples=400, deadline=None)
@given(
    source=st.one_of(st.text(), MARKUPISH),
    translation=st.one_of(st.text(), MARKUPISH),
    source_lang=st.sampled_from(LANGS),
    target_lang=st.sampled_from(LANGS),
    glossary=GLOSSARY_ENTRIES,
    others=st.lists(st.one_of(st.text(max_size=20), MARKUPISH), max_size=2),
)
def test_run_checks_never_crashes(
    source: str,
    translation: str,
    source_lang: str,
    target_lang: str,
    glossary: list[GlossaryEntry],
    others: list[str],
) -> None:
    context = CheckContext(source_lang, target_lang, glossary, others)
    for problem in run_checks(source, translation, context):
        assert problem.check_id in CHECKS
        assert problem.severity in (ERROR, WARNING)
        assert problem.message == problem.template % problem.details


NUMBER = st.one_of(
    st.integers(min_value=0, max_value=10**9).map(str),
    st.integers(min_value=0, max_value=10**9).map("{:,}".format),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(str),
    st.tuples(st.integers(1000, 2100), st.integers(0, 99)).map(lambda t: f"{t[0]}-{t[1]}"),
)
JOINERS = st.sampled_from([" ", ", ", "; ", "–", " - ", "/", ":", " and ", "\u00a0", "."])


@settings(max_examples=300, deadline=None)
@given(
    numbers=st.lists(NUMBER, min_size=1, max_size=8),
    joiner=JOINERS,
    lang=st.sampled_from(["de", "fr", "es", "ja", "ar"]),
)
def test_same_numbers_never_differ(numbers: list[str], joiner: str, lang: str) -> None:
    text = joiner.join(numbers)
    assert check("numbers", text, text, lang) == []


def _de(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _fr(value: int) -> str:
    return f"{value:,}".replace(",", NNB)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=6))
def test_locale_formatted_numbers_match(values: list[int]) -> None:
    english = "; ".join(f"{value:,}" for value in values)
    assert check("numbers", english, "; ".join(_de(v) for v in values)) == []
    assert check("numbers", english, "; ".join(_fr(v) for v in values), "fr") == []


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), MARKUPISH), lang=st.sampled_from(LANGS))
def test_a_text_against_itself_in_the_same_language_has_no_problem(text: str, lang: str) -> None:
    # Style checks judge the text against the language's conventions, not against the
    # source, so only they may object to a copy.
    problems = run_checks(
        text, text, CheckContext(lang, lang), skip=["quote-style", "ending-punctuation"]
    )
    assert problems == []


def test_msgcat_conflict_markers_are_an_error() -> None:
    merged = (
        "#-#-#-#-#  old.po (proj 1.0)  #-#-#-#-#\nBonjour\n"
        "#-#-#-#-#  new.po (proj 2.0)  #-#-#-#-#\nSalut"
    )
    problems = run_checks("Hello", merged, ctx(), only=["merge-conflict"])
    assert [(p.check_id, p.severity) for p in problems] == [("merge-conflict", ERROR)]
    assert problems[0].details["files"] == ["old.po (proj 1.0)", "new.po (proj 2.0)"]
    assert has_errors(problems)
    assert run_checks("Hello", "Bonjour", ctx(), only=["merge-conflict"]) == []
    # A source that itself holds the marker (documentation about msgcat) may be quoted.
    assert run_checks("see #-#-#-#-#", "voir #-#-#-#-#", ctx(), only=["merge-conflict"]) == []
