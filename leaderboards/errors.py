from django.utils.translation import gettext_lazy as _

from project.errors import RefusedRequest


class LeaderboardError(RefusedRequest):
    pass


class NotAStudent(LeaderboardError):
    code = "forbidden"
    message = _("Only students take part in leaderboards.")


class NotParticipating(LeaderboardError):
    code = "not_participating"
    message = _("Join the leaderboards first; you can leave again at any time.")


class UnknownMetric(LeaderboardError):
    code = "unknown_metric"
    message = _("Please choose one of the leaderboards.")
