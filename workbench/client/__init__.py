"""`workbench-client`: a command-line client of the workbench's REST API (/api/v1/).

It uses only the API and the standard library (no Django, nothing of the server's code; an
import-linter contract keeps it so), so it runs on a publishing machine with Python alone."""
