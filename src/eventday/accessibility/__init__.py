"""The accessibility statement (tillgänglighetsredogörelse): what the browser suite
measured, the known exceptions, and the page at ``/tillganglighet``."""
