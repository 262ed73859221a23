from django.urls import path

from . import views

urlpatterns = [
    path("grids/", views.grid_overview, name="grid-overview"),
    path("grids/staff/", views.grid_staff_list, name="grid-staff-list"),
    path("grids/<int:grid_id>/", views.grid_detail, name="grid-detail"),
    path("grids/<int:grid_id>/branch/", views.grid_branch_edit, name="grid-branch-edit"),
]
