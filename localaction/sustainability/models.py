"""The models of sustainability management, each instrument's in its package."""

from localaction.sustainability.agendas.models import *  # noqa: F403
from localaction.sustainability.assessments.models import *  # noqa: F403
from localaction.sustainability.biodiversity.models import *  # noqa: F403
from localaction.sustainability.ecobudget.models import *  # noqa: F403
from localaction.sustainability.footprints.models import *  # noqa: F403
from localaction.sustainability.procurement.models import *  # noqa: F403
from localaction.sustainability.resilience.models import *  # noqa: F403
from localaction.sustainability.tbl.models import *  # noqa: F403
from localaction.sustainability.water.models import *  # noqa: F403
