from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "Khen thưởng"

    def ready(self) -> None:
        from awards.demo import load_award_demo
        from awards.demo_registration import load_registration_demo
        from campaigns.demo import demo_loaded

        demo_loaded.connect(load_award_demo, dispatch_uid="awards-demo")
        # After the awards demo: it makes the titles and the people registered here.
        demo_loaded.connect(load_registration_demo, dispatch_uid="awards-registration-demo")
