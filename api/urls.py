"""Version 1 of the REST API (namespace ``v1``)."""

from django.urls import path, re_path
from drf_spectacular.utils import extend_schema
from rest_framework.routers import SimpleRouter

from .views.agencies import AgencyViewSet
from .views.annual_reports import (
    AnnualReportCsvViewSet,
    AnnualReportDetailViewSet,
    AnnualReportEntriesCsvViewSet,
    AnnualReportEntriesXlsxViewSet,
    AnnualReportViewSet,
    AnnualReportXlsxViewSet,
)
from .views.applications import ApplicationViewSet, DocumentViewSet, FindingViewSet, TimelineViewSet
from .views.audit import AuditEntryViewSet
from .views.base import UnknownEndpoint
from .views.docs import DocsView, RedocView, SchemaView
from .views.finding_revisions import FindingRevisionViewSet
from .views.grants import (
    ApplicantCsvViewSet,
    ApplicantViewSet,
    ApplicantXlsxViewSet,
    EligibilityCsvViewSet,
    EligibilityViewSet,
    EligibilityXlsxViewSet,
)
from .views.me import MeView
from .views.program_terms import ProgramTermsViewSet
from .views.records import HiringCheckViewSet, RecordViewSet, ReportViewSet
from .views.registry import BodyRegistryViewSet, StandardCatalogueViewSet
from .views.reporting import (
    BulkListViewSet,
    RepositoryCsvViewSet,
    RepositoryJsonViewSet,
    RepositoryXlsxViewSet,
)
from .views.sec4 import SupportProgramViewSet
from .views.tokens import TokenViewSet
from .views.users import UserViewSet
from .views.workbench import NotificationViewSet, WorkbenchViewSet

app_name = "v1"

router = SimpleRouter()
router.register("agencies", AgencyViewSet, basename="agency")
router.register("bodies", BodyRegistryViewSet, basename="body")
router.register("standards", StandardCatalogueViewSet, basename="standard")
router.register("applications", ApplicationViewSet, basename="application")
router.register("programs", ProgramTermsViewSet, basename="program")
router.register("eligibility", EligibilityViewSet, basename="eligibility")
router.register("tokens", TokenViewSet, basename="token")
router.register("users", UserViewSet, basename="user")
router.register("audit", AuditEntryViewSet, basename="audit")
router.register("bulk-lists", BulkListViewSet, basename="bulk-list")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("sec3/records", RecordViewSet, basename="sec3-record")
router.register("sec3/reports", ReportViewSet, basename="sec3-report")
router.register("sec3/hiring-checks", HiringCheckViewSet, basename="hiring-check")
router.register("sec4/programs", SupportProgramViewSet, basename="sec4-program")

documents = "applications/<int:application_pk>/documents/"
urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path(documents, DocumentViewSet.as_view({"get": "list", "post": "create"}), name="document-list"),
    path(
        f"{documents}<int:pk>/",
        DocumentViewSet.as_view({"get": "retrieve", "delete": "destroy"}),
        name="document-detail",
    ),
    path(
        f"{documents}<int:pk>/download/",
        DocumentViewSet.as_view({"get": "download"}),
        name="document-download",
    ),
    path(
        "applications/<int:application_pk>/findings/",
        FindingViewSet.as_view({"get": "list", "post": "create"}),
        name="finding-list",
    ),
    path(
        "applications/<int:application_pk>/findings/revisions/",
        FindingRevisionViewSet.as_view({"get": "list"}),
        name="finding-revisions",
    ),
    path(
        "applications/<int:application_pk>/workbench/",
        WorkbenchViewSet.as_view({"get": "retrieve"}),
        name="workbench",
    ),
    path(
        "applications/<int:application_pk>/workbench/assign/",
        WorkbenchViewSet.as_view({"post": "assign"}),
        name="workbench-assign",
    ),
    path(
        "applications/<int:application_pk>/workbench/notes/",
        WorkbenchViewSet.as_view({"post": "add_note"}),
        name="workbench-notes",
    ),
    path(
        "applications/<int:application_pk>/timeline/",
        TimelineViewSet.as_view({"get": "list"}),
        name="timeline",
    ),
    path(
        "programs/<int:program_pk>/applicants/",
        ApplicantViewSet.as_view({"get": "list", "post": "create"}),
        name="program-applicants",
    ),
    path(
        "programs/<int:program_pk>/applicants.csv",
        ApplicantCsvViewSet.as_view({"get": "list"}),
        name="program-applicants-csv",
    ),
    path(
        "programs/<int:program_pk>/applicants.xlsx",
        ApplicantXlsxViewSet.as_view({"get": "list"}),
        name="program-applicants-xlsx",
    ),
    path("eligibility.csv", EligibilityCsvViewSet.as_view({"get": "list"}), name="eligibility-csv"),
    path("eligibility.xlsx", EligibilityXlsxViewSet.as_view({"get": "list"}), name="eligibility-xlsx"),
    path(
        "annual-reports/",
        AnnualReportViewSet.as_view({"get": "list", "post": "create"}),
        name="annual-report-list",
    ),
    path("annual-reports.csv", AnnualReportCsvViewSet.as_view({"get": "list"}), name="annual-reports-csv"),
    path("annual-reports.xlsx", AnnualReportXlsxViewSet.as_view({"get": "list"}), name="annual-reports-xlsx"),
    path(
        "annual-reports/<int:body_pk>/<int:year>/",
        AnnualReportDetailViewSet.as_view({"get": "retrieve"}),
        name="annual-report-detail",
    ),
    path(
        "annual-reports/<int:body_pk>/<int:year>.csv",
        AnnualReportEntriesCsvViewSet.as_view({"get": "list"}),
        name="annual-report-csv",
    ),
    path(
        "annual-reports/<int:body_pk>/<int:year>.xlsx",
        AnnualReportEntriesXlsxViewSet.as_view({"get": "list"}),
        name="annual-report-xlsx",
    ),
    path("repository.csv", RepositoryCsvViewSet.as_view({"get": "list"}), name="repository-csv"),
    path("repository.xlsx", RepositoryXlsxViewSet.as_view({"get": "list"}), name="repository-xlsx"),
    path("repository.json", RepositoryJsonViewSet.as_view({"get": "list"}), name="repository-json"),
    *router.urls,
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="v1:schema"), name="swagger-ui"),
    path("redoc/", RedocView.as_view(url_name="v1:schema"), name="redoc"),
    # Last: paths that match nothing above (an id that is not a number, say) still answer in JSON.
    re_path(r"^(?P<rest>.*)$", extend_schema(exclude=True)(UnknownEndpoint).as_view(), name="unknown"),
]
