from localaction.accounts.access import access_of


class SecretariatBackend:
    """Grants the secretariat every model permission, so the admin opens fully to them.

    Everyone else's rights come from their roles through the permission
    helpers; Django's per-model permissions are not used for them.
    """

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return access_of(user_obj).is_secretariat

    def has_module_perms(self, user_obj, app_label) -> bool:
        return access_of(user_obj).is_secretariat
