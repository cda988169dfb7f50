"""Sign-in with the municipality's identity provider over OpenID Connect (mozilla-django-oidc, ADR 0025).

The authorization-code flow with PKCE (S256) and a nonce. The provider's endpoints come from its discovery
document (OIDC_DISCOVERY_URL, or OIDC_ISSUER + /.well-known/openid-configuration), or each from its own
setting. The ID token is checked here, not only its signature: issuer, audience (our client id), expiry
and nonce; a refused sign-in gets a Danish message on the login page.

The user is found by a claim (OIDC_USERNAME_CLAIM, by default preferred_username), created at the first
sign-in, and given at every sign-in exactly the portal roles (core.roles) that their groups or roles
claims map to (OIDC_EDITOR_GROUPS, OIDC_READER_GROUPS, OIDC_ADMINISTRATOR_GROUPS): a change at the
provider takes effect at the next sign-in. Someone with no mapped group is refused. A local account with a
password (the break-glass administrator, the demo users) is never taken over by a provider's user.

Logging out also ends the session at the provider where it offers an end_session_endpoint.
"""

import functools
import logging
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .auth import PortalBackend
from .roles import ADMINISTRATOR, EDITOR, OWNER, READER

LOGGER = logging.getLogger(__name__)

# What the discovery document names each endpoint.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
    "OIDC_OP_ISSUER": "issuer",
}
# The portal's choices where mozilla-django-oidc has other defaults.
DEFAULTS = {
    "OIDC_USE_PKCE": True,
    "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
    "OIDC_USE_NONCE": True,
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_RP_SCOPES": "openid email profile",
    "OIDC_STORE_ID_TOKEN": True,  # the hint that ends the provider's session at logout
    "OIDC_TIMEOUT": 10,
    "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc_authentication_callback",
}
LEEWAY_SECONDS = 60  # clocks that differ by up to a minute

MESSAGES = {
    "audience": "Log ind blev afvist: svaret fra kommunens login var ikke udstedt til denne portal.",
    "issuer": "Log ind blev afvist: svaret kom ikke fra kommunens login.",
    "expired": "Log ind blev afvist: svaret fra kommunens login var udløbet. Prøv at logge ind igen.",
    "nonce": "Log ind blev afvist: svaret fra kommunens login hørte ikke til dette log ind. Prøv igen.",
    "token": "Log ind blev afvist: svaret fra kommunens login kunne ikke bekræftes.",
    "no_role": (
        "Du er logget ind hos kommunen, men du har ikke adgang til portalen. Bed en administrator om at give "
        "dig rollen Læser, Redaktør eller Administrator."
    ),
    "local_user": (
        "Brugernavnet findes allerede som lokal bruger i portalen, og den kan ikke overtages af kommunens login. "
        "Kontakt en administrator."
    ),
    "no_username": "Log ind blev afvist: kommunens login sendte ikke et brugernavn.",
    "state": "Log ind-forsøget var for gammelt eller blev startet i et andet vindue. Prøv at logge ind igen.",
    "cancelled": "Log ind hos kommunens login blev afbrudt. Prøv igen.",
    "unavailable": "Kommunens login svarer ikke lige nu. Prøv igen om lidt, eller kontakt en administrator.",
    "not_configured": "Log ind med kommunens login er ikke sat op i denne portal.",
    "failed": "Log ind med kommunens login mislykkedes. Prøv igen, eller kontakt en administrator.",
}


class SignInRefused(Exception):
    """A sign-in the portal refuses; `reason` is a key of MESSAGES."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --- Configuration ---------------------------------------------------------------------------------------


def configured() -> bool:
    return bool(
        getattr(settings, "OIDC_RP_CLIENT_ID", "")
        and (
            getattr(settings, "OIDC_OP_DISCOVERY_URL", "")
            or getattr(settings, "OIDC_OP_ISSUER", "")
            or getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", "")
        )
    )


def discovery_url() -> str:
    url = getattr(settings, "OIDC_OP_DISCOVERY_URL", "")
    issuer = getattr(settings, "OIDC_OP_ISSUER", "")
    return url or (issuer.rstrip("/") + "/.well-known/openid-configuration" if issuer else "")


@functools.lru_cache(maxsize=8)
def _discovery(url: str) -> dict:
    response = requests.get(url, timeout=portal_setting("OIDC_TIMEOUT"))  # nosec B113 - OIDC_TIMEOUT, 10 s
    response.raise_for_status()
    return response.json()


def discovery() -> dict:
    """The provider's discovery document, read once per process (a failure is not remembered)."""
    url = discovery_url()
    return _discovery(url) if url else {}


def portal_setting(attr, *args):
    """A setting of mozilla-django-oidc: the portal's setting, else the provider's discovery document for an
    endpoint, else the portal's default, else the caller's."""
    value = getattr(settings, attr, None)
    if value not in (None, ""):
        return value
    if attr in DISCOVERED and discovery_url():
        found = discovery().get(DISCOVERED[attr])
        if found:
            return found
    if attr in DEFAULTS:
        return DEFAULTS[attr]
    return args[0] if args else None


def role_names_from(claims: dict) -> set[str]:
    """The portal roles the claims map to (settings.OIDC_ROLE_MAP), e.g. {"Redaktør"}."""
    values = set()
    for claim in getattr(settings, "OIDC_ROLE_CLAIMS", ("groups", "roles")):
        found = claims.get(claim)
        if isinstance(found, str):
            values.add(found)
        elif isinstance(found, list | tuple):
            values.update(str(value) for value in found)
    role_map = getattr(settings, "OIDC_ROLE_MAP", {})
    return {role for role in (ADMINISTRATOR, EDITOR, OWNER, READER) if values & set(role_map.get(role, ()))}


# --- The backend ---------------------------------------------------------------------------------------------


class PortalOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with the checks and the user handling described above. It reads its
    settings only when a sign-in comes back from the provider, so a password login never waits for it."""

    get_settings = staticmethod(portal_setting)
    get_user = PortalBackend.get_user  # the roles read with the user, as for every other login

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    def __getattr__(self, name):
        # OIDC_OP_TOKEN_ENDPOINT, OIDC_RP_CLIENT_ID, …: read when first used, not at construction.
        if name.startswith("OIDC_"):
            return portal_setting(name, None)
        raise AttributeError(name)

    def authenticate(self, request, **kwargs):
        if request is None or not configured() or "code" not in request.GET or "state" not in request.GET:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except SignInRefused as refusal:
            LOGGER.warning("OIDC-login afvist: %s", refusal.reason)
            request.oidc_refusal = refusal.reason
        except (requests.RequestException, ValueError, KeyError) as error:
            LOGGER.warning("OIDC-login mislykkedes: %s", type(error).__name__)
            request.oidc_refusal = "unavailable" if isinstance(error, requests.RequestException) else "failed"
        except SuspiciousOperation as error:
            LOGGER.warning("OIDC-login afvist: %s", error)
            request.oidc_refusal = "token"
        return None

    def verify_token(self, token, **kwargs):
        """The ID token's signature (the provider's JWKS), issuer, audience, expiry and nonce."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise SignInRefused("token") from error
        algorithm = portal_setting("OIDC_RP_SIGN_ALGO")
        if header.get("alg") != algorithm:
            raise SignInRefused("token")
        key = self.retrieve_matching_jwk(token)
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=portal_setting("OIDC_RP_CLIENT_ID"),
                issuer=portal_setting("OIDC_OP_ISSUER"),
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise SignInRefused("expired") from error
        except jwt.InvalidAudienceError as error:
            raise SignInRefused("audience") from error
        except jwt.InvalidIssuerError as error:
            raise SignInRefused("issuer") from error
        except jwt.PyJWTError as error:
            raise SignInRefused("token") from error
        nonce = kwargs.get("nonce")
        if portal_setting("OIDC_USE_NONCE") and (not nonce or payload.get("nonce") != nonce):
            raise SignInRefused("nonce")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        """The user the ID token names, created or brought up to date, with the roles its claims map to."""
        claims = payload
        username = str(claims.get(portal_setting("OIDC_USERNAME_CLAIM", "preferred_username")) or "").strip()
        if not username:
            raise SignInRefused("no_username")
        username = username[: self.UserModel._meta.get_field("username").max_length]
        user = self.UserModel.objects.filter(username__iexact=username).first()
        if user is not None and user.has_usable_password():
            raise SignInRefused("local_user")
        roles = role_names_from(claims)
        if not roles:
            if user is not None:  # the provider took the access away: so does the portal
                user.groups.remove(*Group.objects.filter(name__in=(ADMINISTRATOR, EDITOR, OWNER, READER)))
                if user.is_staff:
                    user.is_staff = False
                    user.save(update_fields=["is_staff"])
            raise SignInRefused("no_role")
        with transaction.atomic():
            return self._save_user(user, username, claims, roles)

    def _save_user(self, user, username: str, claims: dict, roles: set[str]):
        if user is None:
            user = self.UserModel(username=username)
            user.set_unusable_password()
        user.first_name = str(claims.get("given_name") or user.first_name)[:150]
        user.last_name = str(claims.get("family_name") or user.last_name)[:150]
        user.email = str(claims.get("email") or user.email)[:254]
        user.is_staff = ADMINISTRATOR in roles  # the Django administration, through the group's permissions
        user.save()
        portal_roles = Group.objects.filter(name__in=(ADMINISTRATOR, EDITOR, OWNER, READER))
        user.groups.remove(*[group for group in portal_roles if group.name not in roles])
        user.groups.add(*[group for group in portal_roles if group.name in roles])
        return user


# --- The views ----------------------------------------------------------------------------------------------


def _to_login(request, reason: str, next_url: str = ""):
    messages.error(request, MESSAGES.get(reason, MESSAGES["failed"]))
    return redirect(reverse("login") + (f"?{urlencode({'next': next_url})}" if next_url else ""))


class SignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider with a state, a nonce and a PKCE challenge."""

    get_settings = staticmethod(portal_setting)

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the endpoints are read in get(), when someone signs in

    def get(self, request):
        if not configured():
            return _to_login(request, "not_configured")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = portal_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, ValueError) as error:
            LOGGER.warning("OIDC-udbyderens discovery kunne ikke læses: %s", type(error).__name__)
            return _to_login(request, "unavailable")
        self.OIDC_RP_CLIENT_ID = portal_setting("OIDC_RP_CLIENT_ID")
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: the code is exchanged, the ID token checked, the user
    signed in; or the login page says in Danish why not."""

    get_settings = staticmethod(portal_setting)

    def get(self, request):
        try:
            return super().get(request)
        except SuspiciousOperation:  # a state this session never sent: an old or another window's attempt
            return _to_login(request, "state")

    def login_failure(self):
        reason = getattr(self.request, "oidc_refusal", None)
        if reason is None:
            reason = "cancelled" if self.request.GET.get("error") else "failed"
        return _to_login(self.request, reason)


def end_session_url(request, id_token: str | None) -> str | None:
    """The provider's logout with a hint of who, and the way back to our login page; None where the
    provider has no end_session_endpoint (or the user did not sign in through it)."""
    if not id_token or not configured():
        return None
    try:
        endpoint = portal_setting("OIDC_OP_LOGOUT_ENDPOINT")
    except (requests.RequestException, ValueError):
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
            "client_id": portal_setting("OIDC_RP_CLIENT_ID"),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


class PortalLogoutView(auth_views.LogoutView):
    """Django's logout, then the provider's where the user signed in through it."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        url = end_session_url(request, id_token)
        return HttpResponseRedirect(url) if url else response


class PortalLoginView(auth_views.LoginView):
    """The login page: the municipality's login where it is set up, and the local password login unless it
    is switched off (LOCAL_LOGIN = on | administrators | off)."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            oidc_enabled=configured(),
            oidc_label=getattr(settings, "OIDC_LOGIN_LABEL", "Log ind med kommunens login"),
            local_login=getattr(settings, "LOCAL_LOGIN", "on"),
            **kwargs,
        )


def provider_origin() -> str:
    """The provider's scheme and host, for the Content-Security-Policy's form-action (logout redirects there)."""
    url = discovery_url() or getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def oidc_urls():
    """/oidc/login/ and /oidc/callback/, open to everyone (they are how one signs in)."""
    return [
        path("login/", login_not_required(SignInView.as_view()), name="oidc_authentication_init"),
        path("callback/", login_not_required(CallbackView.as_view()), name="oidc_authentication_callback"),
    ]
