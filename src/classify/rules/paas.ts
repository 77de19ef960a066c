// Rule pack for PaaS CLIs (doctl, heroku, fly, vercel, netlify, railway, firebase, wrangler): destroys, production deploys, scale to zero, config removal.
import { defineRule } from "../rule.js";
import { PAAS_FINDINGS, type Id } from "./paas/shared.js";
import { doctl } from "./paas/doctl.js";
import { heroku } from "./paas/heroku.js";
import { fly } from "./paas/fly.js";
import { vercel } from "./paas/vercel.js";
import { netlify, railway } from "./paas/netlify.js";
import { firebase } from "./paas/firebase.js";
import { wrangler } from "./paas/wrangler.js";

export default defineRule<Id>({
  name: "paas",
  description: "PaaS CLIs (doctl, heroku, fly, vercel, netlify, railway, firebase, wrangler): destroys, production deploys, scale to zero, config removal.",
  programs: ["doctl", "heroku", "fly", "flyctl", "vercel", "vc", "netlify", "ntl", "railway", "firebase", "wrangler"],
  findings: PAAS_FINDINGS,
  check(inv, ctx) {
    switch (inv.program) {
      case "doctl":
        return doctl(inv, ctx);
      case "heroku":
        return heroku(inv, ctx);
      case "fly":
      case "flyctl":
        return fly(inv, ctx);
      case "vercel":
      case "vc":
        return vercel(inv, ctx);
      case "netlify":
      case "ntl":
        return netlify(inv, ctx);
      case "railway":
        return railway(inv, ctx);
      case "firebase":
        return firebase(inv, ctx);
      case "wrangler":
        return wrangler(inv, ctx);
    }
  },
});
