from django.dispatch import Signal

# Sent at the end of load_demo (inside its transaction): apps built on campaigns add their
# own demo data (awards: a signed decision and past awards) without campaigns importing them.
demo_loaded = Signal()
