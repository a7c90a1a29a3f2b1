"""The API's endpoints, one module per resource (urls in workbench/api/urls.py)."""
