"""Imports every capability's tables so the metadata is complete for migrations and tests."""

from antifraud.analytics import models as analytics_models  # noqa: F401
from antifraud.cases import models as cases_models  # noqa: F401
from antifraud.classifier import models as classifier_models  # noqa: F401
from antifraud.core import audit, meta, outbox  # noqa: F401
from antifraud.core.db import Base
from antifraud.desk import models as desk_models  # noqa: F401
from antifraud.dispatch import models as dispatch_models  # noqa: F401
from antifraud.identifiers import models as identifiers_models  # noqa: F401
from antifraud.jobs import models as jobs_models  # noqa: F401
from antifraud.linking import models as linking_models  # noqa: F401
from antifraud.operations import models as operations_models  # noqa: F401
from antifraud.orgs import models as orgs_models  # noqa: F401
from antifraud.peers import models as peers_models  # noqa: F401
from antifraud.prevention import models as prevention_models  # noqa: F401
from antifraud.tracing import models as tracing_models  # noqa: F401
from antifraud.warnings import models as warnings_models  # noqa: F401

metadata = Base.metadata
