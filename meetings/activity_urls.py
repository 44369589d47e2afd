"""Pages of what a meeting produced: sessions, poll answers, chat and files."""

urlpatterns = []
