"""Where a student's data lives: every reference to a person, and what export and erasure do
with it. One table for both, so a model that gains a link to a person cannot be exported or
erased by accident: tests/privacy/test_export.py fails until it is listed here.

Erasure (docs/privacy.md, "Erasure"):
- DELETE: the rows go (the student's words, settings and private records);
- ANONYMISE: the rows move to the erasure's anonymous stand-in account (a learning record with
  no identity: kept so classmates' shared records and class counts stay whole), with the
  student's words on them (TEXTS) blanked;
- NOT_STUDENT: a link only ever to a teacher, a parent or an administrator: nothing to do for
  a student (checked: erasure refuses anything but a student).
"""

from dataclasses import dataclass

DELETE = "delete"
ANONYMISE = "anonymise"
NOT_STUDENT = "not_student"


# What people write, per model: {text field: the link naming whose words they are}. A text
# is exported only to the person it names and blanked when that person is erased.
TEXTS: dict[str, tuple[tuple[str, str], ...]] = {
    # Host reports may carry free text (the host grades them); practice answers are choices.
    "mastery.Attempt": (("answer", "student"),),
    "reflections.Reflection": (
        ("what_i_learned", "student"),
        ("what_was_challenging", "student"),
        ("how_i_overcame_it", "student"),
        ("what_next", "student"),
        # The teacher's reply is addressed to the student and part of their portfolio.
        ("feedback", "student"),
        ("encouragement_text", "student"),
    ),
    "reflections.Encouragement": (("text", "student"),),
    "challenges.Challenge": (("message", "challenger"),),
    "challenges.ChallengeAnswer": (("answer", "player"),),
    "collaboration.StudyGroup": (
        ("name", "created_by"),
        ("description", "created_by"),
        ("current_focus", "created_by"),
    ),
    "collaboration.GroupMessage": (("text", "author"),),
    "collaboration.GroupProposal": (("answer", "author"),),
    "collaboration.GroupAnswer": (("answer", "submitted_by"),),
    "collaboration.GroupInsight": (("text", "author"),),
    "collaboration.GroupReflection": (("text", "student"),),
    "peerhelp.HelpRequest": (
        ("topic", "requester"),
        ("question", "requester"),
        ("thank_you", "requester"),
        ("requester_learned", "requester"),
        ("helper_learned", "helper"),
    ),
    "peerhelp.HelpMessage": (("text", "author"),),
    "personal_challenges.PersonalChallenge": (("why", "student"), ("strategy", "student")),
}


@dataclass(frozen=True)
class Holding:
    model: str  # "app_label.ModelName"
    field: str  # the link to the person
    erase: str  # DELETE, ANONYMISE or NOT_STUDENT
    file: str = ""  # the archive's file name; empty: not exported (said why in `note`)
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.model, self.field)

    @property
    def texts(self) -> tuple[tuple[str, str], ...]:
        return TEXTS.get(self.model, ())


HOLDINGS: tuple[Holding, ...] = (
    # --- the account -------------------------------------------------------------------------
    Holding("accounts.User_groups", "user", DELETE, note="admin permissions: none for students"),
    Holding("accounts.User_user_permissions", "user", DELETE, note="as above"),
    Holding("accounts.ParentLink", "child", DELETE, file="parents_following_me"),
    Holding("accounts.ParentLink", "parent", NOT_STUDENT),
    Holding("admin.LogEntry", "user", NOT_STUDENT, note="who acted: administrators only"),
    Holding("hostapi.HandoffRedemption", "user", DELETE, file="sign_ins"),
    Holding("family.FamilyPreference", "parent", NOT_STUDENT),
    # --- school ------------------------------------------------------------------------------
    Holding("schools.Enrollment", "student", DELETE, file="classes"),
    Holding("schools.TeachingAssignment", "teacher", NOT_STUDENT),
    # --- mastery: the learning record ----------------------------------------------------------
    Holding("mastery.QuestionServe", "student", DELETE, file="questions_shown"),
    Holding("mastery.Attempt", "student", ANONYMISE, file="attempts"),
    Holding("mastery.SkillProgress", "student", ANONYMISE, file="skill_progress"),
    Holding("mastery.ExerciseRun", "student", ANONYMISE, file="exercise_passes"),
    Holding("mastery.SkillUnlock", "student", ANONYMISE, file="skills_unlocked"),
    Holding("mastery.SkillUnlock", "opened_by", NOT_STUDENT),
    Holding("mastery.MasterySnapshot", "student", ANONYMISE, file="mastery_history"),
    Holding("mastery.ClassSkillOpening", "opened_by", NOT_STUDENT),
    # Derived from the snapshots (kept for the teacher's charts; a read fills it again).
    Holding("mastery.SubjectMasteryDay", "student", DELETE, file="mastery_by_day"),
    Holding("mastery.PracticeMonth", "student", DELETE, file="practice_days"),
    # --- growth --------------------------------------------------------------------------------
    Holding("growth.PersonalBest", "student", ANONYMISE, file="personal_bests"),
    Holding("growth.Recognition", "student", ANONYMISE, file="learning_moments"),
    Holding("growth.RushingFlag", "student", DELETE, file="rushing_flags"),
    Holding("growth.GrowthState", "student", ANONYMISE, file="growth_state"),
    # --- reflections ---------------------------------------------------------------------------
    Holding("reflections.Reflection", "student", DELETE, file="reflections"),
    Holding("reflections.Reflection", "teacher_read_by", NOT_STUDENT),
    Holding("reflections.Reflection", "feedback_by", NOT_STUDENT),
    Holding(
        "reflections.ReflectionInvitationDismissal", "student", DELETE, file="reflection_skips"
    ),
    Holding("reflections.Encouragement", "student", DELETE, file="encouragements"),
    Holding("reflections.Encouragement", "teacher", NOT_STUDENT),
    # --- friendly challenges -----------------------------------------------------------------
    Holding("challenges.Challenge", "challenger", ANONYMISE, file="challenges_sent"),
    Holding("challenges.Challenge", "opponent", ANONYMISE, file="challenges_received"),
    Holding("challenges.Challenge", "winner", ANONYMISE),
    Holding("challenges.ChallengePlayer", "player", ANONYMISE, file="challenge_seats"),
    Holding("challenges.ChallengeAnswer", "player", ANONYMISE, file="challenge_answers"),
    # --- study groups --------------------------------------------------------------------------
    Holding("collaboration.StudyGroup", "created_by", ANONYMISE, file="study_groups_created"),
    Holding("collaboration.GroupMembership", "student", DELETE, file="study_groups"),
    Holding("collaboration.GroupInvitation", "invitee", DELETE, file="group_invitations_received"),
    Holding("collaboration.GroupInvitation", "invited_by", DELETE, file="group_invitations_sent"),
    Holding("collaboration.GroupSession", "picked_by", ANONYMISE),
    Holding("collaboration.GroupAttendance", "student", ANONYMISE, file="group_sessions_attended"),
    Holding("collaboration.GroupMessage", "author", DELETE, file="group_chat_messages"),
    Holding("collaboration.GroupProposal", "author", DELETE, file="group_answers_proposed"),
    Holding("collaboration.GroupAnswer", "submitted_by", ANONYMISE, file="group_answers_submitted"),
    Holding("collaboration.GroupInsight", "author", DELETE, file="group_insights"),
    Holding("collaboration.GroupReflection", "student", DELETE, file="group_session_reflections"),
    # --- peer help -----------------------------------------------------------------------------
    Holding("peerhelp.HelperAvailability", "student", DELETE, file="happy_to_help"),
    Holding("peerhelp.HelpRequest", "requester", ANONYMISE, file="help_asked"),
    Holding("peerhelp.HelpRequest", "helper", ANONYMISE, file="help_given"),
    Holding("peerhelp.HelpRequest", "asked_helper", ANONYMISE),
    Holding("peerhelp.HelpRequest", "completed_by", ANONYMISE),
    Holding("peerhelp.HelpRequest", "acknowledged_by", NOT_STUDENT),
    Holding("peerhelp.HelpMessage", "author", DELETE, file="help_chat_messages"),
    # --- goals, boards, classes ----------------------------------------------------------------
    Holding("personal_challenges.PersonalChallenge", "student", DELETE, file="personal_goals"),
    Holding("leaderboards.Participant", "student", DELETE, file="leaderboard_participation"),
    Holding("classgoals.ClassGoal", "created_by", NOT_STUDENT),
    Holding("privacy.ErasureRecord", "erased_by", NOT_STUDENT),
    Holding("privacy.ErasureRecord", "stand_in", NOT_STUDENT, note="an anonymous stand-in"),
)

BY_KEY = {h.key: h for h in HOLDINGS}
