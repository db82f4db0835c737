package tags

// Handle on Linux is a file descriptor.
type Handle int32
