// PLACEHOLDER rule pack 'publish': being written now; it reports nothing yet.
import { defineRule } from "../rule.js";

export default defineRule({
  name: "publish",
  description: "placeholder",
  programs: [],
  findings: {},
  check() {},
});
