# test/debian.sh: Debian's packages for the guests: kernels and BusyBox,
# fetched once into .cache/.  The system's own release (bookworm here)
# comes through the system's apt; another release through a private apt
# configuration under .cache/apt/RELEASE (its sources list, its lists and
# caches), so that the system's apt setup is never changed.

# debian_mirror: the mirror the system's apt uses
debian_mirror() {
	{ sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null
	  sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list 2>/dev/null
	  echo http://deb.debian.org/debian; } | grep -v security | head -n 1
}

# The architectures whose packages the private lists hold: the guests'
# and the kernel matrix's
apt_archs="amd64 arm64 riscv64 armhf i386 s390x ppc64el mips64el"

# apt_private COMMAND ARG...: apt-get or apt-cache with the private
# configuration in $apt_dir.  The system's settings stay (a proxy, say),
# but not its hooks: an update of private lists must not make the system
# refresh anything of its own.
apt_private() {
	apt_c=$1
	shift
	$apt_c -c "$here/test/apt-private.conf" \
	    -o Dir::Etc::sourcelist="$apt_dir/sources.list" -o Dir::Etc::sourceparts=- \
	    -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache" \
	    $(for a in $apt_archs; do echo "-o APT::Architectures::=$a"; done) "$@"
}

# apt_of RELEASE COMMAND ARG...: apt-get or apt-cache for Debian RELEASE
# ("system": the system's own; RELEASE-src: its source packages), its
# lists fetched once
apt_of() {
	apt_rel=$1 apt_cmd=$2
	shift 2
	[ "$apt_rel" = system ] && { $apt_cmd "$@"; return; }
	apt_dir=$here/.cache/apt/$apt_rel
	# "ready" names the architectures its lists were fetched for
	if [ "$(cat "$apt_dir/ready" 2>/dev/null)" != "$apt_archs" ]; then
		mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache" || return 1
		case $apt_rel in
		*-src) echo "deb-src [trusted=yes] $(debian_mirror) ${apt_rel%-src} main" ;;
		*) echo "deb [trusted=yes] $(debian_mirror) $apt_rel main" ;;
		esac >"$apt_dir/sources.list"
		echo "test.sh: fetching Debian $apt_rel's package lists into .cache/apt/" >&2
		rm -f "$here/.cache/apt/$apt_rel.memo"
		apt_private apt-get -q update >/dev/null 2>&1 && echo "$apt_archs" >"$apt_dir/ready" \
		    || { echo "test.sh: apt-get update for $apt_rel failed" >&2; return 1; }
	fi
	apt_private "$apt_cmd" "$@"
}

# apt_retry RELEASE COMMAND ARG...: apt_of, and if it fails once more with
# the release's lists fetched anew (after a point release, what old lists
# name may be gone from the mirror)
apt_retry() {
	apt_of "$@" && return
	[ "$1" != system ] && rm -f "$here/.cache/apt/$1/ready" && apt_of "$@"
}

# depends_on RELEASE PACKAGE PATTERN: what PACKAGE (a metapackage) of
# RELEASE depends on, among what matches the sed PATTERN.  Answers are
# kept in .cache/apt/ while the release's lists stay as they are (each
# apt-cache builds its package cache again where the system keeps none,
# as Debian's container images do: 2 s for the system's lists, 7 s for
# Debian 13's eight architectures).
depends_on() {
	memo "$1" "depends $2 $3" depends_now "$@"
}

depends_now() {
	apt_of "$1" apt-cache depends "$2" 2>/dev/null | sed -n "s/^ *Depends: \($3\)$/\1/p" | head -n 1
}

# memo RELEASE KEY COMMAND ARG...: COMMAND's one line of output, kept
# under KEY (no tab in it) for RELEASE's lists as they are now: their
# Release files' checksum is the stamp (fetched anew, they differ)
memo() {
	m_file=$here/.cache/apt/$1.memo m_key=$2 m_rel=$1
	m_got=$(S=$(lists_stamp "$1") K=$2 awk -F '\t' '$1 == ENVIRON["S"] && $2 == ENVIRON["K"] { print $3; f = 1; exit }
	    END { exit !f }' "$m_file" 2>/dev/null) && { echo "$m_got"; return; }
	shift 2
	m_got=$("$@")
	[ -z "$m_got" ] || printf '%s\t%s\t%s\n' "$(lists_stamp "$m_rel")" "$m_key" "$m_got" >>"$m_file"
	echo "$m_got"
}

lists_stamp() {
	case $1 in
	system) cat /var/lib/apt/lists/*Release ;;
	*) cat "$here/.cache/apt/$1/lists/"*Release ;;
	esac 2>/dev/null | cksum | tr ' ' _
}

# fetch PACKAGE FILE NAME [RELEASE]: FILE of PACKAGE, as .cache/PACKAGE/NAME,
# downloaded once
fetch() {
	dir=$here/.cache/$1
	if [ ! -r "$dir/$3" ]; then
		rm -rf "$dir" && mkdir -p "$dir/unpack" || return 1
		echo "test.sh: fetching $1 into .cache/" >&2
		(cd "$dir/unpack" && apt_retry "${4:-system}" apt-get download -q \
		    -o APT::Sandbox::User=root "$1" >/dev/null 2>&1) \
		    || { echo "test.sh: apt-get download $1 failed" >&2; return 1; }
		dpkg-deb --fsys-tarfile "$dir/unpack/"*.deb | tar -x -C "$dir/unpack" "./${2%/*}" \
		    && mv "$dir/unpack/"$2 "$dir/$3" && rm -rf "$dir/unpack" \
		    || { echo "test.sh: unpacking $1 failed" >&2; return 1; }
	fi
	echo "$dir/$3"
}
