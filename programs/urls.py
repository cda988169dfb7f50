from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme_list"),
    path("nyt/", views.ProgrammeCreateView.as_view(), name="programme_add"),
    path("<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("<int:pk>/rediger/", views.ProgrammeUpdateView.as_view(), name="programme_edit"),
    path("budgetforslag/", views.ProposalListView.as_view(), name="proposal_list"),
    path("budgetforslag/nyt/", views.ProposalCreateView.as_view(), name="proposal_add"),
    path("budgetforslag/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal_detail"),
    path("budgetforslag/<int:pk>/rediger/", views.ProposalUpdateView.as_view(), name="proposal_edit"),
    # Named after the model: the status framework's inline control reverses "<app>:<model>_status".
    path("budgetforslag/<int:pk>/status/", views.ProposalStatusChangeView.as_view(), name="budgetproposal_status"),
    path("finansiering/ny/", views.FundingCreateView.as_view(), name="funding_add"),
    path("finansiering/<int:pk>/rediger/", views.FundingUpdateView.as_view(), name="funding_edit"),
    path("partnerskaber/nyt/", views.PartnershipCreateView.as_view(), name="partnership_add"),
    path("partnerskaber/<int:pk>/rediger/", views.PartnershipUpdateView.as_view(), name="partnership_edit"),
]
