from core.urls import object_urls

from . import views

app_name = "programs"
urlpatterns = [
    *object_urls(
        "programme",
        list=views.ProgrammeListView,
        add=views.ProgrammeCreateView,
        detail=views.ProgrammeDetailView,
        edit=views.ProgrammeUpdateView,
    ),
    # The status control reverses "<app>:<model>_status": named after the model, budgetproposal.
    *object_urls(
        "proposal",
        prefix="budgetforslag/",
        list=views.ProposalListView,
        add=views.ProposalCreateView,
        detail=views.ProposalDetailView,
        edit=views.ProposalUpdateView,
        status=views.ProposalStatusChangeView,
        status_name="budgetproposal_status",
    ),
    *object_urls(
        "funding", prefix="finansiering/", new="ny", add=views.FundingCreateView, edit=views.FundingUpdateView
    ),
    *object_urls(
        "partnership", prefix="partnerskaber/", add=views.PartnershipCreateView, edit=views.PartnershipUpdateView
    ),
]
