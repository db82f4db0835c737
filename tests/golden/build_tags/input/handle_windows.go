package tags

// Handle on Windows is a pointer-sized value.
type Handle uintptr
