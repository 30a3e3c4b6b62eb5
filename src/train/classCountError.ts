/** Thrown when the classes with readable images no longer match the prepared design; the message says what would fix it. */
export class ClassCountError extends Error {}
