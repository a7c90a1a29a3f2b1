"""The REST API, /api/v1/ (Django REST framework, OpenAPI schema by drf-spectacular).

An entry point like the views: it parses a request, calls one service (every write, with its
permission rule) or selector (every read), and renders the result as JSON. It never writes a
model itself. Long imports go through `imports.run_import`, the one place that will hand them
to the background job queue."""
