from django.urls import path

from .challenges import ChallengeConsumer
from .classes import ClassConsumer
from .notifications import NotificationConsumer
from .peerhelp import PeerHelpConsumer
from .study_groups import StudyGroupConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    path("ws/challenges/<int:challenge_id>/", ChallengeConsumer.as_asgi()),
    path("ws/peer-help/<int:request_id>/", PeerHelpConsumer.as_asgi()),
    path("ws/study-groups/<int:group_id>/", StudyGroupConsumer.as_asgi()),
    path("ws/classes/<int:class_id>/", ClassConsumer.as_asgi()),
]
