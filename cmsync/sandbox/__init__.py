"""A local simulator of the ClickMeeting REST API v1, for tests and demos.

Start it with `python manage.py clickmeeting_sandbox` or
`cmsync.sandbox.server.start_sandbox()`. Production code never imports it.
With `--state-file PATH` (`state_file=`) the account survives restarts in a
JSON file; see `persistence`.
"""
