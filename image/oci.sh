#!/bin/sh
# oci.sh PROGRAM ARCH OUT: writes OUT, an OCI image archive (a tar of an
# image layout: oci-layout, index.json, blobs/sha256/) whose one layer
# holds PROGRAM as /unotify and an empty /tmp (mode 1777); entrypoint
# /unotify, command -t; ARCH is the OCI name (amd64, arm64, riscv64).
# podman load names it localhost/unotify:latest.  No base image, no
# registry.  The same PROGRAM gives the same digests: the tars have fixed
# times, owners and modes, and the JSON is written here, in one order.
set -eu
program=$1 arch=$2 out=$3
dir=$out.d
oci=application/vnd.oci.image

# blob FILE: FILE moved into the layout under its digest; prints
# "sha256:HEX SIZE"
blob() {
	sum=$(sha256sum <"$1")
	sum=${sum%% *}
	size=$(wc -c <"$1")
	mv "$1" "$dir/blobs/sha256/$sum"
	echo "sha256:$sum $size"
}

# tarball DIR NAME...: the NAMEs in DIR, in a tar that only their
# contents and modes make
tarball() {
	from=$1
	shift
	tar -C "$from" -cf - --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner "$@"
}

rm -rf "$dir"
mkdir -p "$dir/root/tmp" "$dir/blobs/sha256"
cp "$program" "$dir/root/unotify"
chmod 755 "$dir/root/unotify"
chmod 1777 "$dir/root/tmp"
tarball "$dir/root" tmp unotify >"$dir/layer"
set -- $(blob "$dir/layer")
layer=$1 layer_size=$2
printf '{"architecture":"%s","config":{"Entrypoint":["/unotify"],"Cmd":["-t"]},"os":"linux",%s}' "$arch" \
    "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"$layer\"]}" >"$dir/config"
set -- $(blob "$dir/config")
printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","digest":"%s","size":%s},%s}' \
    "$oci.manifest.v1+json" "$oci.config.v1+json" "$1" "$2" \
    "\"layers\":[{\"mediaType\":\"$oci.layer.v1.tar\",\"digest\":\"$layer\",\"size\":$layer_size}]" \
    >"$dir/manifest"
set -- $(blob "$dir/manifest")
printf '{"schemaVersion":2,"mediaType":"%s","manifests":[{"mediaType":"%s","digest":"%s","size":%s,%s}]}' \
    "$oci.index.v1+json" "$oci.manifest.v1+json" "$1" "$2" \
    '"annotations":{"org.opencontainers.image.ref.name":"unotify"}' >"$dir/index.json"
printf '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
rm -rf "$dir/root"
chmod -R u=rwX,go=rX "$dir"
tarball "$dir" oci-layout index.json blobs >"$out.tmp"
rm -rf "$dir"
mv "$out.tmp" "$out"
echo "$out: image $1"
