"""The demo's sections, each scheduling its steps on the demo's timeline (``demo.clock``).

A section is a module with ``schedule(world)``: it adds steps at past moments and keeps what later steps
need in the ``DemoWorld``. The loader runs all steps of all sections in time order, so a section may
rely on another's rows only at later moments. A new part of the domain adds its module here.
"""

from types import ModuleType

from . import applications, programs, registry, reporting, sec3, sec4

SECTIONS: tuple[ModuleType, ...] = (registry, applications, programs, reporting, sec3, sec4)
