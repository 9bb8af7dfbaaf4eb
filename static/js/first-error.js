// A form page sent back with errors: the first field that needs attention takes the
// focus, so keyboard and screen reader users land on it with its error read out.
document.querySelector('[aria-invalid="true"]')?.focus();
