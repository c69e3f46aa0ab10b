from django.contrib.auth import views as auth_views
from django.urls import path

from .views import (
    agency_staff,
    audit,
    certifier,
    doj_admin,
    eligibility,
    grant_officer,
    mfa,
    passwords,
    people,
    program_edit,
    public,
    registry,
    shared,
    standards,
)

urlpatterns = [
    path("", shared.home, name="home"),
    # anyone, signed in or not: the footer's pages
    path("about/", public.about, name="about"),
    path("accessibility/", public.accessibility, name="accessibility"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # the second sign-in step
    path("accounts/code/", mfa.verify, name="mfa_verify"),
    path("accounts/authenticator/", mfa.enrol, name="mfa_enrol"),
    path("accounts/security/", mfa.account, name="mfa_account"),
    path("accounts/security/recovery-codes/", mfa.recovery_codes, name="mfa_recovery_codes"),
    # everyone's own password
    path("accounts/password/", passwords.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/set/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # agency staff
    path("agency/", agency_staff.agency_dashboard, name="agency_dashboard"),
    path("applications/new/", agency_staff.application_create, name="application_create"),
    path("applications/<int:pk>/edit/", agency_staff.application_edit, name="application_edit"),
    path("applications/<int:pk>/evidence/", agency_staff.application_evidence, name="application_evidence"),
    path(
        "applications/<int:pk>/attestations/",
        agency_staff.application_attestations,
        name="application_attestations",
    ),
    path("applications/<int:pk>/review/", agency_staff.application_review, name="application_review"),
    path("applications/<int:pk>/documents/", agency_staff.document_upload, name="document_upload"),
    # shared, scoped by role
    path("applications/<int:pk>/", shared.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/actions/<slug:action>/",
        shared.application_action,
        name="application_action",
    ),
    path("documents/<int:pk>/download/", shared.document_download, name="document_download"),
    # certifiers
    path("queue/", certifier.review_queue, name="review_queue"),
    path("applications/<int:pk>/findings/", certifier.findings_record, name="findings_record"),
    path(
        "applications/<int:pk>/findings/<int:standard_pk>/",
        certifier.finding_record,
        name="finding_record",
    ),
    # DOJ credentialing administrators
    path("bodies/", doj_admin.body_list, name="body_list"),
    path("bodies/<int:pk>/", doj_admin.body_detail, name="body_detail"),
    path(
        "bodies/<int:pk>/certification/<slug:action>/",
        doj_admin.body_certification,
        name="body_certification",
    ),
    path("bodies/new/", registry.body_create, name="body_create"),
    path("bodies/<int:pk>/edit/", registry.body_edit, name="body_edit"),
    path("standards/", standards.standard_list, name="standard_list"),
    path("standards/new/", standards.standard_create, name="standard_create"),
    path("standards/<int:pk>/edit/", standards.standard_edit, name="standard_edit"),
    path("standards/<int:pk>/<slug:action>/", standards.standard_change, name="standard_change"),
    path("audit/", audit.audit_list, name="audit_list"),
    path("audit.csv", audit.audit_csv, name="audit_csv"),
    path("agencies/", doj_admin.agency_list, name="agency_list"),
    path("agencies/new/", doj_admin.agency_create, name="agency_create"),
    path("agencies/<int:pk>/", doj_admin.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", doj_admin.agency_edit, name="agency_edit"),
    # Both DOJ roles
    path("eligibility/", eligibility.eligibility_list, name="eligibility_list"),
    path("eligibility.csv", eligibility.eligibility_csv, name="eligibility_csv"),
    path("eligibility.xlsx", eligibility.eligibility_xlsx, name="eligibility_xlsx"),
    # DOJ credentialing administrators: people and roles
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/role/", people.person_role, name="person_role"),
    path("people/<int:pk>/access/<slug:action>/", people.person_access, name="person_access"),
    path("people/<int:pk>/set-password-link/", people.person_send_link, name="person_send_link"),
    # DOJ grant officers
    path("programs/", grant_officer.program_list, name="program_list"),
    path("programs/new/", grant_officer.program_create, name="program_create"),
    path("programs/<int:pk>/edit/", program_edit.program_edit, name="program_edit"),
    path("programs/<int:pk>/applicants/", grant_officer.program_applicants, name="program_applicants"),
    path(
        "programs/<int:pk>/applicants.csv",
        grant_officer.program_applicants_csv,
        name="program_applicants_csv",
    ),
    path(
        "programs/<int:pk>/applicants.xlsx",
        grant_officer.program_applicants_xlsx,
        name="program_applicants_xlsx",
    ),
    path("programs/<int:pk>/applicants/add/", grant_officer.applicant_add, name="applicant_add"),
    path("programs/<int:pk>/applicants/import/", grant_officer.applicant_import, name="applicant_import"),
    path(
        "programs/applicants-template.csv",
        grant_officer.applicant_import_template,
        name="applicant_import_template",
    ),
]
