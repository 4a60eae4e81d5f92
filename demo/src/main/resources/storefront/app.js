// The storefront page: plain JavaScript, no build step. Every list on it is one _search on the products index, sent to
// the node through this page's own /api/ (same origin, so no CORS); the page only reads.
'use strict';

const RECOMMENDER = 'storefront';
const SOURCE_FIELDS = ['title', 'category', 'price', 'popularity'];
const SIZE = 10;
const ANONYMOUS = '';

const state = {
  customers: [],               // from /demo/customers.json: real customers of the loaded data
  customer: sessionStorage.getItem('customer') || ANONYMOUS,
  // '' = the fused order of the sources; else the model that re-ranks every recommend query (rerank.model)
  model: sessionStorage.getItem('model') || '',
  cart: JSON.parse(sessionStorage.getItem('cart') || '[]'),  // [{id, title, price}]
  // an anonymous visitor is a web cookie the shop has never seen: the recommend query's fallback answers for it
  visitor: sessionStorage.getItem('visitor') || ('ck-visitor-' + Math.random().toString(16).slice(2, 10)),
  // the merchandiser's rules, as the panel shows them: pin [{item, title, position}], boost [{category, weight}], bury [{category}]
  rules: JSON.parse(sessionStorage.getItem('rules') || '{"pin": [], "boost": [], "bury": []}'),
  categories: [],              // [{name, count}] of the catalog, for the boost and bury pickers
};
sessionStorage.setItem('visitor', state.visitor);

// ---- small DOM helpers (text always goes in as text, never as HTML) ----
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}
const $ = (selector) => document.querySelector(selector);
const boughtBy = (n) => (typeof n === 'number' ? 'bought by ' + n + (n === 1 ? ' customer' : ' customers') : '');
const price = (value) => (typeof value === 'number' ? '£' + value.toFixed(2) : '');

// ---- the node, through /api/ ----
async function searchReply(body) {
  const reply = await fetch('/api/products/_search', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const json = await reply.json();
  if (!reply.ok) throw new Error(reply.status + ': ' + ((json.error && (json.error.reason || json.error.type)) || JSON.stringify(json)));
  return json;
}

async function search(body) {
  return (await searchReply(body)).hits.hits;
}

async function product(id) {
  const reply = await fetch('/api/products/_mget?_source=' + SOURCE_FIELDS.join(','), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ids: [id] }),
  });
  const doc = (await reply.json()).docs[0];
  return doc && doc.found ? doc : null;
}

// ---- the queries ----
/** The user part of a recommend query: the chosen customer, or the anonymous visitor's unknown cookie. */
function user() {
  return state.customer === ANONYMOUS ? { platform: 'web', id: state.visitor } : { id: state.customer };
}

function plainSearch(text) {
  return { size: SIZE, _source: SOURCE_FIELDS, explain: true, query: { match: { title: text } } };
}

function recommend(recommendQuery) {
  const query = Object.assign({ recommender: RECOMMENDER }, recommendQuery);
  if (state.model) query.rerank = { model: state.model };
  const rules = queryRules();
  if (rules) query.rules = rules;
  return { size: SIZE, _source: SOURCE_FIELDS, explain: true, query: { recommend: query } };
}

/** The panel's rules as the recommend query takes them; none when the panel has none (the recommender's own apply). */
function queryRules() {
  const { pin, boost, bury } = state.rules;
  if (pin.length + boost.length + bury.length === 0) return null;
  const rules = {};
  if (pin.length) rules.pin = pin.map((p) => ({ item: p.item, position: p.position }));
  if (boost.length) rules.boost = boost.map((b) => ({ filter: { term: { category: b.category } }, weight: b.weight }));
  if (bury.length) rules.bury = bury.map((b) => ({ filter: { term: { category: b.category } } }));
  return rules;
}

const ONLY = (source) => {
  const off = { knn: { k: 0 }, cooccurrence: { size: 0 }, popular: { size: 0 }, neighbors: { k: 0 } };
  return Object.assign(off, source);
};

// ---- rendering a list of hits ----
/**
 * A panel with one search's hits. `plainIds`, when given, marks the hits the plain search did not have in its top.
 */
async function hitsPanel(container, title, how, body, options = {}) {
  const list = el('ol', { class: 'hits' });
  const panel = el('section', options.id ? { class: 'panel', id: options.id } : { class: 'panel' },
    el('h2', {}, title), el('p', { class: 'how' }, how), list,
    el('details', { class: 'request' }, el('summary', {}, 'Request'), el('pre', {}, 'POST /products/_search\n' + JSON.stringify(body, null, 2))));
  container.append(panel);
  list.append(el('li', { class: 'empty' }, 'loading…'));
  let hits;
  try {
    hits = await search(body);
  } catch (e) {
    list.replaceChildren(el('li', { class: 'error' }, 'The node answered ' + e.message));
    return [];
  }
  // the Why? panel names a rule by its place in the request (rules.pin.0): keep the request's rules beside its hits
  const requestRules = (body.query.recommend && body.query.recommend.rules) || null;
  for (const hit of hits) hit.requestRules = requestRules;
  list.replaceChildren(...hits.map((hit) => hitItem(hit, options.plainIds)));
  if (hits.length === 0) list.append(el('li', { class: 'empty' }, options.empty || 'nothing found'));
  panel.dataset.loaded = 'true';
  return hits;
}

function hitItem(hit, plainIds) {
  const source = hit._source || {};
  const why = summarize(hit._explanation);
  const item = el('li', { class: 'hit' + (plainIds && !plainIds.has(hit._id) ? ' new' : ''), 'data-id': hit._id },
    el('a', { class: 'title', href: '#/product/' + encodeURIComponent(hit._id) }, source.title || hit._id),
    el('div', { class: 'meta' },
      el('span', { class: 'price' }, price(source.price)), ' · ',
      el('span', { class: 'category' }, source.category || '?'), ' · ',
      el('span', { class: 'id' }, 'item ' + hit._id), ' · ',
      boughtBy(source.popularity),
      el('button', { class: 'add', type: 'button', onclick: () => addToCart(hit) }, 'Add to cart'),
      el('button', { class: 'pin', type: 'button', title: 'merchandising: pin this item first in every recommendation list',
        onclick: () => addPin(hit._id, source.title || hit._id, 0) }, 'Pin first'),
      el('button', { class: 'why', type: 'button', onclick: () => showWhy(hit) }, 'Why?')),
    why.sources.length ? el('div', { class: 'badges' }, 'from ' + why.sources.map((s) => s.name).join(' + ')) : null,
    why.rules.length ? el('div', { class: 'moved' }, 'moved by merchandising rule: ' + why.rules.join(', ')) : null);
  return item;
}

// ---- the explanation: why a hit is there ----
const MOVED_BY_RULE = 'moved by merchandising rule: ';

/** What each source of the recommend query stands for, said next to its line in the Why? panel. */
const SOURCE_MEANINGS = {
  knn: 'close to what the shopper viewed and bought (k-NN on the embeddings)',
  cooccurrence: 'bought together with the shopper\'s (or the page\'s) items',
  neighbors: 'bought by shoppers like this one',
  text: 'matches the search text',
  popular: 'bought most, over the whole log',
  trending: 'most interest lately: each interaction weighs less the older it is (half-life 7 days)',
};

/** Reads the recommend query's _explanation: its sources, model, fallback, rules, features; or a text match. */
function summarize(explanation) {
  const result = { headline: '', sources: [], model: null, fallbacks: [], rules: [], ruleNotes: [], features: [], notes: [] };
  if (!explanation) return result;
  const root = find(explanation, (node) => node.description.startsWith('recommend:'));
  if (!root) {
    result.headline = 'text match: score ' + explanation.value.toFixed(3) + ' (BM25 on the title; no recommendation involved)';
    return result;
  }
  result.headline = root.description;
  for (const detail of root.details || []) {
    const d = detail.description;
    if (d.startsWith('fused score')) {
      for (const s of detail.details || []) {
        const match = /^source \[([^\]]+)\]/.exec(s.description);
        result.sources.push({ name: match ? match[1] : s.description, description: s.description, value: s.value });
      }
    } else if (d.startsWith('model [')) {
      result.model = d.replace(' output;', ' output ' + detail.value.toFixed(4) + ';');
    } else if (d.startsWith('features (')) {
      result.features = (detail.details || []).map((f) => ({ name: f.description.replace(/^feature \[(.*)\]$/, '$1'), value: f.value }));
    } else if (d.startsWith('fallback [')) {
      result.fallbacks.push(d);
    } else if (d.startsWith(MOVED_BY_RULE)) {
      // one line for all the rules that moved it, e.g. "boost ×3.0 [rules.boost.0], pin at position 0 [rules.pin.0]"
      result.rules.push(...d.slice(MOVED_BY_RULE.length).split(', '));
    } else if (d.startsWith('rules.')) {
      result.ruleNotes.push(d); // about the request's rules, e.g. a pinned item that may not be shown
    } else {
      result.notes.push(d);
    }
  }
  return result;
}

function find(node, test) {
  if (test(node)) return node;
  for (const child of node.details || []) {
    const found = find(child, test);
    if (found) return found;
  }
  return null;
}

function tree(node, depth = 0) {
  const line = '  '.repeat(depth) + (typeof node.value === 'number' ? node.value.toFixed(4) : node.value) + '  ' + node.description;
  return [line, ...(node.details || []).map((child) => tree(child, depth + 1))].join('\n');
}

function showWhy(hit) {
  const why = summarize(hit._explanation);
  const recommended = why.headline.startsWith('recommend:');
  $('#why-body').replaceChildren(el('div', {},
    el('p', {}, el('strong', { class: 'item' }, (hit._source && hit._source.title) || hit._id), ' (item ' + hit._id + '), score ' + hit._score.toFixed(4)),
    el('p', { class: 'headline' }, why.headline),
    why.sources.length ? el('h3', {}, 'Sources') : null,
    why.sources.length ? el('ul', { class: 'sources' }, why.sources.map((s) => el('li', { class: 'source', 'data-source': s.name }, s.description,
      SOURCE_MEANINGS[s.name] ? el('span', { class: 'meaning' }, ' — ' + SOURCE_MEANINGS[s.name]) : null))) : null,
    recommended && !why.sources.length ? el('p', { class: 'no-source' }, 'no source found it: a merchandising rule put it here') : null,
    recommended ? el('h3', {}, 'Model') : null,
    recommended ? el('p', { class: 'model' }, why.model || 'no model re-ranked this hit: the fused order of the sources') : null,
    recommended ? el('h3', {}, 'Merchandising rules') : null,
    recommended ? el('ul', { class: 'rules' }, why.rules.length
      ? why.rules.map((rule) => el('li', { class: 'rule' }, 'moved by ', el('strong', {}, rule), ruleOrigin(rule, hit.requestRules)))
      : el('li', { class: 'no-rule' }, 'no rule moved it (pin, boost, bury)'),
      why.ruleNotes.map((note) => el('li', { class: 'rule-note' }, note))) : null,
    why.fallbacks.length ? el('h3', {}, 'Fallback') : null,
    why.fallbacks.length ? el('ul', { class: 'fallbacks' }, why.fallbacks.map((f) => el('li', { class: 'fallback' }, f))) : null,
    why.notes.length ? el('ul', { class: 'notes' }, why.notes.map((n) => el('li', {}, n))) : null,
    why.features.length ? el('h3', {}, 'Features (what a model may read; contract v2)') : null,
    why.features.length ? el('table', { class: 'features' }, why.features.map((f) =>
      el('tr', {}, el('td', {}, f.name), el('td', { class: 'value' }, f.value.toFixed(4))))) : null,
    el('details', {}, el('summary', {}, 'The whole _explanation'), el('pre', {}, hit._explanation ? tree(hit._explanation) : 'none'))));
  // below the header, so the search box, the switcher and the cart stay usable while it is open
  $('#why').style.top = Math.max(0, document.querySelector('header').getBoundingClientRect().bottom) + 'px';
  $('#why').hidden = false;
}

/** The panel's rule that a rule line of the explanation names, e.g. "[rules.boost.0]" → the boost of category candle. */
function ruleOrigin(rule, requestRules) {
  const match = /\[rules\.(pin|boost|bury)\.(\d+)\]/.exec(rule);
  const given = match && requestRules && requestRules[match[1]] && requestRules[match[1]][Number(match[2])];
  if (!given) return null;
  if (match[1] === 'pin') return ': the pin of item ' + given.item + ' at position ' + given.position;
  const category = given.filter.term.category;
  return match[1] === 'boost' ? ': the boost of category “' + category + '” ×' + given.weight : ': the burial of category “' + category + '”';
}

// ---- merchandising: the rules of the panel, as removable chips ----
function saveRules() {
  sessionStorage.setItem('rules', JSON.stringify(state.rules));
  showRules();
  $('#why').hidden = true;
  render();
}

/** Pins an item at a position; a pin of the same item or at the same place is replaced (a position is pinned once). */
function addPin(item, title, position) {
  state.rules.pin = state.rules.pin.filter((p) => p.item !== item && p.position !== position);
  state.rules.pin.push({ item, title, position });
  state.rules.pin.sort((a, b) => a.position - b.position);
  saveRules();
}

function addCategoryRule(kind, rule) {
  state.rules[kind] = state.rules[kind].filter((r) => r.category !== rule.category);
  state.rules[kind].push(rule);
  saveRules();
}

function removeRule(kind, index) {
  state.rules[kind].splice(index, 1);
  saveRules();
}

function showRules() {
  const chip = (kind, index, text) => el('span', { class: 'chip ' + kind, 'data-rule': 'rules.' + kind + '.' + index },
    text, ' ', el('code', {}, 'rules.' + kind + '.' + index),
    el('button', { type: 'button', class: 'remove', 'aria-label': 'remove this rule', onclick: () => removeRule(kind, index) }, '×'));
  const chips = [
    ...state.rules.pin.map((p, i) => chip('pin', i, 'pin ' + p.item + ' “' + p.title + '” at position ' + p.position)),
    ...state.rules.boost.map((b, i) => chip('boost', i, 'boost ' + b.category + ' ×' + b.weight)),
    ...state.rules.bury.map((b, i) => chip('bury', i, 'bury ' + b.category)),
  ];
  $('#rule-chips').replaceChildren(chips.length ? 'Active: ' : 'No rule: the lists keep the recommender\'s order.', ...chips);
  // what a test (or a person) compares with the view's rules, to know the lists answer these rules
  $('#merchandising').dataset.rules = JSON.stringify(state.rules);
}

function ruleError(message) {
  $('#rule-error').textContent = message || '';
  $('#rule-error').className = message ? 'error' : ''; // an error only while there is one: the page shows no other
  $('#rule-error').hidden = !message;
}

async function loadCategories() {
  const reply = await searchReply({ size: 0, aggs: { categories: { terms: { field: 'category', size: 200, order: { _key: 'asc' } } } } });
  state.categories = reply.aggregations.categories.buckets.map((b) => ({ name: b.key, count: b.doc_count }));
  for (const select of [$('#boost-category'), $('#bury-category')]) {
    select.replaceChildren(...state.categories.map((c) => el('option', { value: c.name }, c.name + ' (' + c.count + ')')));
  }
}

$('#pin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const item = $('#pin-item').value.trim();
  const position = Number($('#pin-position').value);
  if (!item) return ruleError('Type the id of the item to pin, e.g. 22423.');
  if (!Number.isInteger(position) || position < 0) return ruleError('The position is a whole number from 0 (the first place).');
  const doc = await product(item); // the merchandiser learns a typo now, not from a list that does not change
  if (!doc) return ruleError('No item ' + item + ' in the catalog.');
  ruleError(null);
  $('#pin-item').value = '';
  addPin(doc._id, doc._source.title, position);
});
$('#boost-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const weight = Number($('#boost-weight').value);
  if (!(weight > 0 && weight <= 100)) return ruleError('A boost weight is above 0 and at most 100 (above 1 moves up, below 1 down).');
  ruleError(null);
  addCategoryRule('boost', { category: $('#boost-category').value, weight });
});
$('#bury-form').addEventListener('submit', (event) => {
  event.preventDefault();
  ruleError(null);
  addCategoryRule('bury', { category: $('#bury-category').value });
});

// ---- cart ----
function addToCart(hit) {
  if (!state.cart.some((item) => item.id === hit._id)) {
    state.cart.push({ id: hit._id, title: (hit._source && hit._source.title) || hit._id, price: hit._source && hit._source.price });
    saveCart();
  }
}

function saveCart() {
  sessionStorage.setItem('cart', JSON.stringify(state.cart));
  $('#cart-count').textContent = state.cart.length;
  if (location.hash === '#/cart') render();
}

// ---- the views ----
async function homeView(view) {
  const who = customerLabel();
  view.append(el('h1', {}, 'Welcome, ' + who),
    el('p', { class: 'examples' }, 'Try a search: ',
      ['glass', 'heart', 'bag', 'christmas', 'mug'].map((word) => el('a', { href: '#/search/' + word }, word))));
  await hitsPanel(view, 'Recommended for you',
    state.customer === ANONYMOUS
      ? 'The recommend query with no text, for a visitor without history: the fallback, popular and trending items.'
      : 'The recommend query with no text: k-NN on your profile, co-occurrence, popular; in the fused order or the model chosen above.',
    recommend({ user: user(), context: { platform: 'web' } }), { id: 'home-recs' });
}

async function searchView(view, text) {
  $('#q').value = text;
  view.append(el('h1', {}, 'Results for “' + text + '”'));
  const columns = el('div', { class: 'columns' });
  view.append(columns);
  const plainBox = el('div', {});
  const personalBox = el('div', {});
  columns.append(plainBox, personalBox);
  const plainHits = await hitsPanel(plainBox, 'Plain search (anyone)', 'match on the title: what every shopper gets.',
    plainSearch(text), { id: 'plain' });
  const plainIds = new Set(plainHits.map((hit) => hit._id));
  await hitsPanel(personalBox, 'Personalized for ' + customerLabel(),
    'The same text inside the recommend query: still only items matching “' + text + '”, ordered for this shopper. '
      + '“new” marks items the plain top ' + SIZE + ' does not show.',
    recommend({ user: user(), query: { match: { title: text } }, context: { platform: 'web' } }), { id: 'personal', plainIds });
}

async function productView(view, id) {
  const doc = await product(id);
  if (!doc) {
    view.append(el('p', { class: 'error' }, 'No item ' + id + ' in the catalog.'));
    return;
  }
  const source = doc._source;
  const hit = { _id: doc._id, _source: source };
  view.append(el('div', { class: 'product', id: 'product', 'data-id': doc._id },
    el('div', {}, el('h1', { class: 'title' }, source.title),
      el('button', { class: 'add', type: 'button', onclick: () => addToCart(hit) }, 'Add to cart')),
    el('dl', { class: 'facts' },
      el('dt', {}, 'Item'), el('dd', {}, doc._id),
      el('dt', {}, 'Price'), el('dd', { class: 'price' }, price(source.price)),
      el('dt', {}, 'Category'), el('dd', { class: 'category' }, source.category),
      el('dt', {}, 'Popularity'), el('dd', {}, boughtBy(source.popularity)))));
  const columns = el('div', { class: 'columns' });
  view.append(columns);
  const together = el('div', {});
  const similar = el('div', {});
  columns.append(together, similar);
  // the page is the context: context.items and no user, so these lists are about the item, the same for everybody
  await Promise.all([
    hitsPanel(together, 'Bought together', 'Co-occurrence alone, anchored on this item (context.items): customers who bought it also bought these.',
      recommend({ context: { items: [doc._id], platform: 'web' }, sources: ONLY({ cooccurrence: { size: 50 } }) }),
      { id: 'together', empty: 'no customer bought anything with it' }),
    hitsPanel(similar, 'Similar items', 'k-NN alone on the embeddings, anchored on this item (context.items).',
      recommend({ context: { items: [doc._id], platform: 'web' }, sources: ONLY({ knn: { k: 50 } }) }), { id: 'similar' }),
  ]);
}

async function cartView(view) {
  view.append(el('h1', {}, 'Your cart'));
  if (state.cart.length === 0) {
    view.append(el('p', { class: 'empty' }, 'The cart is empty: add items from a search or a product page.'));
    return;
  }
  view.append(el('ul', { class: 'cart-items', id: 'cart-items' }, state.cart.map((item) => el('li', { 'data-id': item.id },
    el('a', { href: '#/product/' + encodeURIComponent(item.id) }, item.title), ' ', price(item.price), ' ',
    el('button', { type: 'button', onclick: () => { state.cart = state.cart.filter((i) => i.id !== item.id); saveCart(); } }, 'Remove')))));
  const query = { context: { items: state.cart.map((item) => item.id), platform: 'web' } };
  if (state.customer !== ANONYMOUS) query.user = user(); // a known customer: their history beside the cart
  await hitsPanel(view, 'Goes well with your cart',
    'The recommend query with context.items = the cart' + (state.customer !== ANONYMOUS ? ' and your profile' : ' (no user: the cart alone)')
      + '; the cart\'s items are not recommended back.', recommend(query), { id: 'cart-recs' });
}

// ---- customers ----
function customerLabel() {
  if (state.customer === ANONYMOUS) return 'an anonymous visitor';
  return 'customer ' + state.customer;
}

function describeCustomer(customer) {
  const platforms = Object.entries(customer.platforms).map(([p, n]) => p + ' ' + n).join(' + ');
  return 'customer ' + customer.id + ': top categories ' + customer.top_categories.join(', ') + '; ' + customer.events
    + ' events (' + platforms + '); ' + customer.note;
}

async function loadCustomers() {
  const reply = await fetch('/demo/customers.json');
  state.customers = (await reply.json()).customers;
  const select = $('#customer');
  select.replaceChildren(el('option', { value: ANONYMOUS }, 'Anonymous visitor (no history)'),
    ...state.customers.map((c) => el('option', { value: c.id }, 'Customer ' + c.id + ' — ' + c.top_categories.map((t) => t.replace(/ [\d.]+$/, '')).join(', '))));
  if (!state.customers.some((c) => c.id === state.customer)) state.customer = ANONYMOUS;
  select.value = state.customer;
}

function showWho() {
  const customer = state.customers.find((c) => c.id === state.customer);
  const line = $('#who-line');
  if (!customer) {
    line.replaceChildren('An anonymous visitor: an unknown web cookie (' + state.visitor + '); the recommend query falls back to text, popular and trending items.');
    return;
  }
  line.replaceChildren(describeCustomer(customer) + ' · ',
    el('a', { href: '/api/_plugins/_recsys/recommenders/' + RECOMMENDER + '/profiles/' + encodeURIComponent(customer.id), target: '_blank' }, 'profile JSON'));
}

// ---- routing: #/, #/search/<text>, #/product/<id>, #/cart ----
let renderCount = 0;
async function render() {
  const mine = ++renderCount;
  const view = $('#view');
  view.replaceChildren();
  view.dataset.ready = 'false';
  // what is being rendered: a test (or a person) knows the view is this one, not the one before the click
  view.dataset.hash = location.hash;
  view.dataset.customer = state.customer;
  view.dataset.model = state.model;
  view.dataset.rules = JSON.stringify(state.rules);
  showWho();
  const [, route, arg] = (location.hash.match(/^#\/([^/]*)\/?(.*)$/) || [null, '', '']);
  const value = decodeURIComponent(arg || '');
  if (route === 'search' && value) await searchView(view, value);
  else if (route === 'product' && value) await productView(view, value);
  else if (route === 'cart') await cartView(view);
  else await homeView(view);
  // tests and people alike: the view is complete once every list has answered
  if (mine === renderCount) view.dataset.ready = 'true';
}

$('#search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('#q').value.trim();
  if (text) location.hash = '#/search/' + encodeURIComponent(text);
});
$('#customer').addEventListener('change', (event) => {
  state.customer = event.target.value;
  sessionStorage.setItem('customer', state.customer);
  $('#why').hidden = true;
  render();
});
$('#ranking').addEventListener('change', (event) => {
  state.model = event.target.value;
  sessionStorage.setItem('model', state.model);
  $('#why').hidden = true;
  render();
});
$('#why-close').addEventListener('click', () => { $('#why').hidden = true; });
window.addEventListener('hashchange', () => { $('#why').hidden = true; render(); });

(async function start() {
  $('#cart-count').textContent = state.cart.length;
  $('#ranking').value = state.model;
  showRules();
  try {
    await loadCustomers();
  } catch (e) {
    $('#who-line').replaceChildren(el('span', { class: 'error' }, 'Could not load the customers: ' + e.message));
  }
  try {
    await loadCategories();
  } catch (e) {
    ruleError('Could not load the categories: ' + e.message);
  }
  render();
})();
