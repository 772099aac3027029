"""Vietnamese first: the interface is Vietnamese whatever the browser asks for
(Accept-Language is ignored); a user who chooses English with the VI/EN switch has it
remembered on their account, and it is applied again when they log in elsewhere."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.views.i18n import set_language as django_set_language

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_for(request) -> str:
    """The switch's cookie, else the account's choice, else Vietnamese."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in SUPPORTED:
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in SUPPORTED:
        return user.language
    return settings.LANGUAGE_CODE


class VietnameseFirstMiddleware(LocaleMiddleware):
    """LocaleMiddleware without the browser's Accept-Language (after AuthenticationMiddleware)."""

    def process_request(self, request):
        translation.activate(language_for(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        language = getattr(request, "login_language", None)
        if language:  # the account's language replaces whatever this browser had
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        return super().process_response(request, response)


def set_language(request):
    """Django's switch, and for a signed-in user the choice saved on the account."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and language in SUPPORTED and request.user.is_authenticated:
        get_user_model().objects.filter(pk=request.user.pk).update(language=language)
    return response


def apply_at_login(sender, request, user, **kwargs) -> None:
    if request is not None and user.language in SUPPORTED:
        translation.activate(user.language)
        request.LANGUAGE_CODE = request.login_language = user.language


user_logged_in.connect(apply_at_login, dispatch_uid="accounts-language-at-login")
