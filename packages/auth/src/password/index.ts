export { hashPassword, verifyPassword } from "./scrypt-password.ts";
export { HashSlots } from "./hash-slots.ts";
