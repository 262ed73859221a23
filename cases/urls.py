from django.urls import path

from . import views

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.case_new, name="case-new"),
    path("cases/extensions/", views.extension_list, name="case-extension-list"),
    path("cases/urge/", views.case_bulk_urge, name="case-bulk-urge"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/act/<slug:action>/", views.case_action, name="case-action"),
    path("cases/<int:pk>/reveal/", views.case_reveal, name="case-reveal"),
    path("notifications/", views.notification_list, name="case-notification-list"),
    path("notifications/read/", views.notification_read, name="case-notification-read"),
]
