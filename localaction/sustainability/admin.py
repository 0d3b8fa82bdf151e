"""The administration of sustainability management, each instrument's in its package."""

from localaction.sustainability.agendas import admin as agendas_admin  # noqa: F401
from localaction.sustainability.assessments import admin as assessments_admin  # noqa: F401
from localaction.sustainability.ecobudget import admin as ecobudget_admin  # noqa: F401
from localaction.sustainability.footprints import admin as footprints_admin  # noqa: F401
from localaction.sustainability.procurement import admin as procurement_admin  # noqa: F401
from localaction.sustainability.tbl import admin as tbl_admin  # noqa: F401
