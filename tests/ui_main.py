"""The UI as NiceGUI's simulated `user` fixture runs it: every page, no API server."""

from nicegui import ui

from antifraud.web.app import register_pages

register_pages()
ui.run(storage_secret="test-secret")
