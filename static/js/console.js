// The moderator console: run of show, the chosen activity's results and moderation,
// announcements, the moderation log and live numbers, all over one websocket. Every
// action is sent as a message and waits for the server's ack (after its commit);
// other consoles see it through the published state.
//
// Each view in console/ draws one part of the page from console/store.js and
// subscribes to the topics it draws; console/connection.js feeds the store from the
// socket and sends the actions. A new view is a module imported here.
import "./console/show.js";
import "./console/panel.js";
import "./console/announcements.js";
import "./console/log.js";
import "./console/settings.js";
import "./console/evaluation.js";
import "./console/numbers.js";
import "./console/quick.js";
import "./console/new.js";
import "./console/copy.js";
import "./console/keys.js";
import { connect } from "./console/connection.js";

connect(document.getElementById("console").dataset.slug);
