from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup


class ClinicsFlow(StatesGroup):
    """In «Клиники рядом»: a location, a saved place or part of a name is awaited. The data keeps
    the last place asked about (`lat`, `lon`, `shared`), the `specialty` filter, the `offered`
    specialties and the last `query`, so that «Ещё» and the filter work after a restart."""

    nearby = State()


class ClinicAction(CallbackData, prefix="cl"):
    """A clinics button. `clinic` names a clinic the presser's programmes must cover (checked on
    every press); `place` is home or work, always the presser's own."""

    action: str  # open, near, name, card, filter, specialty, save, places, forget, show
    clinic: int = 0
    page: int = 0
    place: str = ""
