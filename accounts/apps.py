from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Tài khoản và vai trò"

    def ready(self) -> None:
        from accounts import textcheck

        textcheck.install()
