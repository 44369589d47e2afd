"""A local simulator of the ClickMeeting REST API v1, for tests and demos.

Start it with `python manage.py clickmeeting_sandbox` or
`cmsync.sandbox.server.start_sandbox()`. Production code never imports it.
"""
