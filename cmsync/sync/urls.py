from django.urls import path

from cmsync.sync import views

app_name = "sync"

urlpatterns = [
    path("runs/", views.RunListView.as_view(), name="run_list"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run_detail"),
    path(
        "meetings/<int:pk>/import/",
        views.ImportNowView.as_view(),
        name="import_now",
    ),
    path(
        "meetings/<int:pk>/import-panel/",
        views.ImportPanelView.as_view(),
        name="import_panel",
    ),
]
