"""The analyst's web app and REST API over the store (`newsledger serve`); see docs/web.md."""

from newsledger.web.app import create_app

__all__ = ["create_app"]
