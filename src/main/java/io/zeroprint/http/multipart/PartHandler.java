package io.zeroprint.http.multipart;

/** Decides, from a part's headers, where its bytes go (or refuses the part by throwing). */
@FunctionalInterface
public interface PartHandler {
  PartSink part(PartHeaders headers);
}
