"""The languages page on a 390 px phone, with the keyboard only, and axe-clean."""

from .conftest import axe_violations, log_in


def test_add_a_language_with_the_keyboard_on_a_phone(chromium_browser, live_server, admin_user):
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    try:
        log_in(page, live_server, "admin", "pw-admin")
        page.goto(f"{live_server.url}/languages/")
        page.focus("#id_code")
        page.keyboard.type("sr-Latn")
        page.keyboard.press("Enter")
        page.wait_for_selector("text=Added Serbian (Latin) (sr-Latn).")
        row = page.locator("tr", has=page.locator("code", has_text="sr-Latn"))
        assert "n = 1, 21, 31, 41, …" in row.inner_text()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways: {width}px"
        assert axe_violations(page) == []
    finally:
        context.close()
