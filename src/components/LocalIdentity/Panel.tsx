/** Local mode exists only in the H5 build (Panel.h5.tsx); in the mini-program WeChat is the identity. */
export default function LocalIdentityPanel(_props: { onChange: () => void }) {
  return null
}
