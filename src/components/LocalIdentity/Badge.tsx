/** Local mode exists only in the H5 build (Badge.h5.tsx); in the mini-program WeChat is the identity. */
export default function LocalIdentityBadge() {
  return null
}
