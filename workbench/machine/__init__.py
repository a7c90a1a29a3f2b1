"""Machine translation: engines (Apertium APY, LibreTranslate, DeepL) and the cached
suggestions they give. `engines` speaks HTTP and knows no Django; `registry` configures
them from settings; `suggestions` asks them with a time-out and keeps what they said in
the database (models.MachineSuggestion), which is also what the guard compares with."""
