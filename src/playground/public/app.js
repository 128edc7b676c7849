// The playground page: plays a Teams client for the demo people. Cards are rendered by the official
// Adaptive Cards renderer; buttons go back to the bot as adaptiveCard/action invokes, which replace the
// card in place, as in Teams. A file the bot offers comes as a consent card (Allow or Decline), then as a
// link to the file. The demo team's channel is shared by everyone: what you type there goes to the bot as
// the person you play, mentioning it, and the team's posts (group supervision) arrive there.
(function () {
  'use strict';
  // view: the person's private chat with the bot, or the team channel (where they post as themselves).
  const state = { people: [], channel: undefined, current: undefined, view: 'chat', seen: 0 };
  const markdown = window.markdownit({ linkify: true });
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = markdown.render(text);
    result.didProcess = true;
  };
  const hostConfig = new AdaptiveCards.HostConfig({
    fontFamily: 'Segoe UI, system-ui, sans-serif',
    supportsInteractivity: true,
    spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 12 },
    actions: { maxActions: 10, buttonSpacing: 8, actionsOrientation: 'vertical', actionAlignment: 'stretch' },
  });

  const $ = (selector) => document.querySelector(selector);
  const json = async (url, options) => {
    const response = await fetch(url, options);
    return response.json();
  };
  const post = (url, body) => json(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  function renderCard(card, messageId) {
    const adaptiveCard = new AdaptiveCards.AdaptiveCard();
    adaptiveCard.hostConfig = hostConfig;
    adaptiveCard.onExecuteAction = async function (action) {
      if (action instanceof AdaptiveCards.OpenUrlAction) {
        window.open(action.url, '_blank', 'noopener');
        return;
      }
      if (action instanceof AdaptiveCards.ExecuteAction) {
        const result = await post('/playground/api/invoke', {
          personId: state.current,
          where: state.view,
          messageId: messageId,
          verb: action.verb,
          data: action.data || {},
        });
        if (result.notice) showNotice(result.notice);
        if (result.card || result.notice) await showCurrent();
      }
    };
    adaptiveCard.parse(card);
    return adaptiveCard.render();
  }

  function showNotice(text) {
    const notice = $('#notice');
    notice.textContent = text;
    notice.hidden = false;
    clearTimeout(showNotice.timer);
    showNotice.timer = setTimeout(() => (notice.hidden = true), 6000);
  }

  /** Teams' file consent card: the bot asks before it puts a file in your OneDrive. */
  function renderFileConsent(consent, messageId) {
    const box = document.createElement('div');
    box.className = 'file-card';
    const title = document.createElement('strong');
    title.textContent = 'Supervision wants to send you a file';
    const name = document.createElement('div');
    name.className = 'file-name';
    name.textContent = consent.name + ' (' + consent.sizeInBytes.toLocaleString('en-GB') + ' bytes)';
    const description = document.createElement('div');
    description.textContent = consent.description;
    box.append(title, name, description);
    if (consent.answered) {
      const answered = document.createElement('div');
      answered.className = 'meta';
      answered.textContent = consent.answered === 'accept' ? 'Allowed' : 'Declined';
      box.appendChild(answered);
      return box;
    }
    const buttons = document.createElement('div');
    buttons.className = 'file-buttons';
    for (const [label, action] of [
      ['Allow', 'accept'],
      ['Decline', 'decline'],
    ]) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.addEventListener('click', async () => {
        await post('/playground/api/file-consent', { personId: state.current, messageId: messageId, action: action });
        await showChat(state.current);
      });
      buttons.appendChild(button);
    }
    box.appendChild(buttons);
    return box;
  }

  /** Teams' file info card: the file, to open or save. */
  function renderFile(file) {
    const box = document.createElement('div');
    box.className = 'file-card';
    const link = document.createElement('a');
    link.href = file.url;
    link.download = file.name;
    link.textContent = file.name;
    box.appendChild(link);
    return box;
  }

  /** A button in the left-hand list: a name, a line under it, and the unread count unless it is open. */
  function navButton(name, line, unread, current, onClick) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('aria-current', String(current));
    button.innerHTML = '<span><span class="name"></span><span class="role"></span></span>';
    button.querySelector('.name').textContent = name;
    button.querySelector('.role').textContent = line;
    if (unread > 0 && !current) {
      const badge = document.createElement('span');
      badge.className = 'unread';
      badge.textContent = String(unread);
      badge.setAttribute('aria-label', unread + ' unread');
      button.appendChild(badge);
    }
    button.addEventListener('click', onClick);
    item.appendChild(button);
    return item;
  }

  function renderPeople() {
    const list = $('#people');
    list.replaceChildren();
    for (const person of state.people) {
      list.appendChild(
        navButton(person.name, person.roleTitle, person.unread, state.view === 'chat' && person.id === state.current, () => showChat(person.id)),
      );
    }
    const channels = $('#channels');
    channels.replaceChildren();
    if (state.channel) channels.appendChild(navButton(state.channel.name, 'Team channel', state.channel.unread, state.view === 'channel', () => showChannel()));
  }

  const showCurrent = () => (state.view === 'channel' ? showChannel() : showChat(state.current));

  async function showChat(personId) {
    state.current = personId;
    state.view = 'chat';
    const { messages } = await json('/playground/api/chat/' + encodeURIComponent(personId));
    if (state.current !== personId || state.view !== 'chat') return; // switched again meanwhile
    const person = state.people.find((candidate) => candidate.id === personId);
    // Title and messages change together, so the page never shows one person's chat under another's name.
    $('#chat-title').textContent = person ? 'Chat with Supervision, as ' + person.name + ' (' + person.roleTitle + ')' : '';
    renderMessages(messages);
  }

  /** The team channel, as the person last picked: everyone's messages and the bot's posts. */
  async function showChannel() {
    state.view = 'channel';
    const { messages } = await json('/playground/api/channel');
    if (state.view !== 'channel') return;
    const person = state.people.find((candidate) => candidate.id === state.current);
    $('#chat-title').textContent = state.channel
      ? state.channel.name + (person ? ', as ' + person.name + ' (' + person.roleTitle + ')' : ': pick who you are first')
      : '';
    renderMessages(messages);
  }

  function renderMessages(messages) {
    const canType = state.current !== undefined;
    $('#text').disabled = !canType;
    $('#compose button').disabled = !canType;
    const list = $('#messages');
    list.replaceChildren();
    for (const message of messages) {
      const item = document.createElement('li');
      item.className = message.from;
      if (message.card) item.appendChild(renderCard(message.card, message.id));
      else if (message.fileConsent) item.appendChild(renderFileConsent(message.fileConsent, message.id));
      else if (message.file) item.appendChild(renderFile(message.file));
      else {
        const text = document.createElement('div');
        text.textContent = message.text || '';
        item.appendChild(text);
      }
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent =
        (message.from === 'bot' ? 'Supervision, ' : (message.author || 'You') + ', ') +
        momentText(message.at);
      item.appendChild(meta);
      list.appendChild(item);
    }
    state.seen = messages.length;
    list.scrollTop = list.scrollHeight;
    renderPeople();
  }

  /** Unambiguous, as every date the bot writes: weekday, day, month, year and time ("Mon 7 Dec 2026, 15:46"). */
  function momentText(at) {
    return new Date(at).toLocaleString('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'Europe/London',
    });
  }

  /** "7 days 2 hours": how far time travel has moved the bot's clock. */
  function movedText(ms) {
    const hours = Math.round(ms / 3_600_000);
    const days = Math.floor(hours / 24);
    const parts = [];
    if (days) parts.push(`${days} day${days === 1 ? '' : 's'}`);
    if (hours % 24) parts.push(`${hours % 24} hour${hours % 24 === 1 ? '' : 's'}`);
    return parts.join(' ') || 'less than an hour';
  }

  async function refresh() {
    const result = await json('/playground/api/state');
    state.people = result.people;
    $('#now').textContent = momentText(result.now);
    $('#travel').hidden = !result.timeTravel;
    $('#moved').hidden = !result.movedMs;
    $('#moved').textContent = result.movedMs ? `(moved on ${movedText(result.movedMs)} from real time)` : '';
    state.channel = result.channel;
    const current = state.people.find((person) => person.id === state.current);
    if (state.view === 'channel' && result.channel.messages !== state.seen) await showChannel();
    else if (state.view === 'chat' && current && current.messages !== state.seen) await showChat(state.current);
    else renderPeople();
  }

  $('#compose').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('#text').value.trim();
    if (!text || !state.current) return;
    $('#text').value = '';
    await post('/playground/api/send', { personId: state.current, where: state.view, text: text });
    await showCurrent();
  });
  for (const button of document.querySelectorAll('#travel button')) {
    button.addEventListener('click', async () => {
      await post('/playground/api/time-travel', { minutes: Number(button.dataset.minutes) });
      await refresh();
      if (state.current || state.view === 'channel') await showCurrent();
    });
  }

  refresh();
  setInterval(refresh, 1500);
})();
