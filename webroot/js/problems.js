// Problems (RFC 9457, or a WebSocket error message with the same fields) as plain sentences that
// say what happened and what to do. Numbers come from the problem's own detail, so the sentence
// states this server's limits, not guesses.

const MP = 1_000_000;

function numbers(detail) {
  return (detail || '').match(/\d+/g)?.map(Number) || [];
}

function megapixels(n) {
  const mp = n / MP;
  return (mp >= 10 ? mp.toFixed(0) : mp.toFixed(1).replace(/\.0$/, '')) + ' MP';
}

function megabytes(n) {
  const mb = n / (1 << 20);
  return (mb >= 10 ? mb.toFixed(0) : mb.toFixed(1).replace(/\.0$/, '')) + ' MB';
}

/** One sentence (or two) for a problem; {@code photo} is the file name when there is one. */
export function sentence(problem, photo = 'This file') {
  const n = numbers(problem.detail);
  switch (problem.code) {
    case 'unsupported_image_format':
    case 'unsupported_media_type':
      return `${photo} is not a photo this server can read. Choose a PNG or JPEG image.`;
    case 'too_many_pixels':
      return n.length >= 2
        ? `This photo is ${megapixels(n[0])}; the limit here is ${megapixels(n[1])}. Make it smaller and try again.`
        : 'This photo has more pixels than this server accepts. Make it smaller and try again.';
    case 'result_too_large':
      return n.length >= 3
        ? `At ×${n[0]} this photo would become ${megapixels(n[1])}; the limit here is ${megapixels(n[2])}. Choose a smaller scale.`
        : 'The result would be larger than this server makes. Choose a smaller scale or a smaller photo.';
    case 'payload_too_large':
      return n.length >= 1
        ? `${photo} is larger than the ${megabytes(n[0])} this server accepts. Choose a smaller file.`
        : `${photo} is larger than this server accepts. Choose a smaller file.`;
    case 'corrupt_image':
      return `${photo} is damaged or incomplete, so it cannot be read. Try another copy of it.`;
    case 'animated_image':
      return 'Animated images are not supported. Choose a still PNG or JPEG.';
    case 'invalid_option':
    case 'unknown_effect':
      return `These settings cannot be used together: ${problem.detail || 'check the options'}.`.replace(/\.\.$/, '.');
    case 'effect_unavailable':
      return 'This effect is not installed on this server. ' + (problem.detail || 'Choose another effect.');
    case 'unauthorized':
      return 'Your sign-in has expired or was not accepted. Sign in again.';
    case 'forbidden':
      return 'Your account may not enhance photos here. Ask the operator for access.';
    case 'rate_limited':
    case 'quota_exceeded':
      return problem.code === 'quota_exceeded'
        ? 'You have used today\'s quota of photos. Try again tomorrow.'
        : 'Too many requests in a short time. Wait a minute and try again.';
    case 'too_many_jobs':
    case 'jobs_full':
    case 'queue_full':
    case 'memory_busy':
    case 'store_unavailable':
      return 'The server is busy right now. Try again in a minute.';
    case 'processing_timeout':
      return 'This photo took too long to process. Try a smaller photo or a smaller scale.';
    case 'upload_timeout':
      return 'The upload took too long. Check your connection and try again.';
    case 'cancelled':
      return 'Cancelled. Nothing was kept.';
    case 'result_gone':
      return 'The result is no longer on the server (it is delivered once, then erased). Enhance the photo again.';
    case 'result_key_invalid':
      return 'That result key does not open this result.';
    case 'origin_not_allowed':
      return 'This page is not allowed to use that server.';
    case 'not_found':
      return 'The server does not offer this here.';
    default:
      return problem.detail
        ? `Something went wrong: ${problem.detail} Try again.`
        : 'Something went wrong on the server. Try again in a moment.';
  }
}

/** Whether retrying the same photo later can succeed without changing anything. */
export function transient(code) {
  return ['too_many_jobs', 'jobs_full', 'queue_full', 'memory_busy', 'rate_limited'].includes(code);
}
