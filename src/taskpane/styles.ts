/** Style pieces shared by the pane and the browser preview (which mounts the pane beside its grid). */

/** Hidden on screen, read by screen readers (live regions, row labels). */
export const visuallyHidden = {
  position: "absolute",
  width: "1px",
  height: "1px",
  margin: "-1px",
  padding: 0,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
  border: 0,
} as const;
