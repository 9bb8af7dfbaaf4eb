// A message's nonce: 16 random bytes in hex (crypto.randomUUID needs a secure
// context; this does not). The server counts a repeat of the same nonce once.
export function newNonce() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
