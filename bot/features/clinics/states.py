from aiogram.fsm.state import State, StatesGroup


class ClinicsFlow(StatesGroup):
    """In «Клиники рядом»: a location, a saved place or part of a name is awaited. The data keeps
    the last place asked about (`lat`, `lon`, `shared`), the `specialty` filter, the `offered`
    specialties and the last `query` (`dialogue.Search`), so that «Ещё» and the filter work after
    a restart."""

    nearby = State()
