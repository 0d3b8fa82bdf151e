import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class SearchConfig(AppConfig):
    name = "localaction.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from localaction.network.demo import register_part
        from localaction.search import services
        from localaction.search.sources import origin_of, sources

        def keep_in_step(sender, instance, raw=False, **kwargs):
            if raw:  # fixtures: a rebuild indexes them
                return
            # The label now: a deleted object has lost its pk by the time the
            # transaction commits.
            origin = origin_of(instance)

            def sync():
                try:
                    services.sync(instance, origin=origin)
                except Exception:
                    # The write has committed; search is out of step until the
                    # next `localaction search rebuild`, and the log says so.
                    logger.exception("Search could not index %s.", origin)

            transaction.on_commit(sync)

        for source in sources():
            for model in source.watched:
                post_save.connect(
                    keep_in_step, sender=model, weak=False, dispatch_uid=f"search-{model}"
                )
                post_delete.connect(
                    keep_in_step, sender=model, weak=False, dispatch_uid=f"search-delete-{model}"
                )
        # `localaction demo` indexes the demo last (order: after every other part).
        register_part("search", "localaction.search.demo.demo_part", order=1000)
