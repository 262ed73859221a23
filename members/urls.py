from django.urls import path

from .views import households, imports, members, transfers

urlpatterns = [
    path("members/", members.member_list, name="member-list"),
    path("members/new/", members.member_new, name="member-new"),
    path("members/dual-reports/", members.member_dual_report_list, name="member-dual-report-list"),
    path("members/<int:member_id>/", members.member_detail, name="member-detail"),
    path("members/<int:member_id>/edit/", members.member_edit, name="member-edit"),
    path("members/<int:member_id>/reveal/", members.member_reveal, name="member-reveal"),
    path("members/<int:member_id>/scores/", members.member_score_add, name="member-score-add"),
    path(
        "members/<int:member_id>/dual-report/",
        members.member_dual_report,
        name="member-dual-report",
    ),
    path("members/<int:member_id>/pioneer/", members.member_pioneer, name="member-pioneer"),
    path("households/", households.household_list, name="household-list"),
    path("households/new/", households.household_new, name="household-new"),
    path("households/search/", households.household_search, name="household-search"),
    path("households/<int:household_id>/", households.household_detail, name="household-detail"),
    path("households/<int:household_id>/edit/", households.household_edit, name="household-edit"),
    path(
        "households/<int:household_id>/residents/new/",
        households.resident_new,
        name="resident-new",
    ),
    path(
        "households/<int:household_id>/visits/new/",
        households.visit_new,
        name="visit-new",
    ),
    path("residents/<int:resident_id>/edit/", households.resident_edit, name="resident-edit"),
    path("residents/<int:resident_id>/reveal/", households.resident_reveal, name="resident-reveal"),
    path("visits/", households.visit_list, name="visit-list"),
    path("transfers/", transfers.transfer_list, name="transfer-list"),
    path(
        "transfers/<int:transfer_id>/decide/",
        transfers.transfer_decide,
        name="transfer-decide",
    ),
    path("imports/", imports.import_index, name="import-index"),
    path("imports/jobs/<int:job_id>/", imports.import_detail, name="import-detail"),
    path("imports/jobs/<int:job_id>/confirm/", imports.import_confirm, name="import-confirm"),
    path("imports/jobs/<int:job_id>/progress/", imports.import_progress, name="import-progress"),
    path("imports/<slug:kind>/", imports.import_upload, name="import-upload"),
    path("imports/<slug:kind>/template/", imports.import_template, name="import-template"),
    path("imports/<slug:kind>/export/", imports.import_download, name="import-download"),
]
