from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Tài khoản và vai trò"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        from accounts import search, textcheck

        textcheck.install()
        connection_created.connect(search.register_sqlite, dispatch_uid="accounts-search-sqlite")
        for connection in connections.all(initialized_only=True):  # opened before ready()
            search.register_sqlite(None, connection)
