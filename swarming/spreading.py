"""What an initiative's chain reads from essaimage (the guards of open spreading and scale
up), registered with initiatives.downstream by this app."""

from initiatives import downstream

from .models import ScaleUpPlan, SpreadingConsent, TransferKit


class SwarmingSpreading:
    def kit_published(self, initiative) -> bool:
        return TransferKit.objects.filter(initiative=initiative).published().exists()

    def carrier_consented(self, initiative) -> bool:
        return SpreadingConsent.objects.filter(initiative=initiative).exists()

    def scale_up_plan_approved(self, initiative) -> bool:
        return ScaleUpPlan.objects.filter(initiative=initiative).approved().exists()


def register() -> None:
    downstream.register_spreading(SwarmingSpreading())
